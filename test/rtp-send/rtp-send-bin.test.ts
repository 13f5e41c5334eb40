/**
 * `gossipper -rtp_send` as users run it (the built bin), against a loopback receiver that
 * counts what arrives on the RTP port and the RTCP port next to it: the packets match the
 * summary line, their headers make one well-formed stream of G.711 silence.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { freeMediaPortBlock, requireBuiltBin, startGossipper } from '../peers/processes.ts';

interface Received {
  rtp: Buffer[];
  rtcp: Buffer[];
}

async function bind(port: number, into: Buffer[], onPacket: () => void): Promise<dgram.Socket> {
  const s = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
  s.on('message', (m) => {
    into.push(m);
    onPacket();
  });
  await new Promise<void>((resolve) => s.bind(port, '127.0.0.1', resolve));
  return s;
}

test(
  '-rtp_send sends 1 s of PCMA silence and prints what it sent',
  { timeout: 30_000 },
  async () => {
    requireBuiltBin();
    const base = await freeMediaPortBlock();
    const got: Received = { rtp: [], rtcp: [] };
    let expected = Infinity;
    let arrived: () => void = () => undefined;
    const allArrived = new Promise<void>((resolve) => (arrived = resolve));
    const check = () => {
      if (got.rtp.length >= expected) arrived();
    };
    const rtp = await bind(base, got.rtp, check);
    const rtcp = await bind(base + 1, got.rtcp, () => undefined);
    const peer = startGossipper([
      '-rtp_send',
      '-rtp_addr',
      `127.0.0.1:${base}`,
      '-rtp_codec',
      'PCMA',
      '-rtp_dur',
      '1000',
    ]);
    try {
      assert.equal(await peer.exit(15_000), 0, peer.stderr());
      const out = peer.stdout();
      assert.match(out, /^rtp_send: PCMA pt=8 20 ms x 1 ch to 127\.0\.0\.1:\d+ from port \d+/m);
      const summary = /^sent=(\d+) octets=(\d+) rtcp_sr=(\d+)$/m.exec(out);
      assert.ok(summary, out);
      const [sent, octets, reports] = summary.slice(1).map(Number);
      assert.equal(sent, 50, '1000 ms of 20 ms packets');
      assert.equal(octets, 50 * 160);
      expected = sent;
      check();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        allArrived,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${got.rtp.length} of ${sent} arrived`)), 5000);
        }),
      ]).finally(() => clearTimeout(timer));
      assert.equal(got.rtp.length, sent);
      const first = got.rtp[0];
      assert.equal(first[0], 0x80, 'RTP version 2, no padding, extension or CSRC');
      assert.equal(first[1], 0x80 | 8, 'marker on the first packet, PT 8');
      for (let i = 1; i < got.rtp.length; i++) {
        const [a, b] = [got.rtp[i - 1], got.rtp[i]];
        assert.equal(b[1], 8);
        assert.equal(b.readUInt16BE(2), (a.readUInt16BE(2) + 1) & 0xffff, 'sequence steps by 1');
        assert.equal(b.readUInt32BE(4), (a.readUInt32BE(4) + 160) >>> 0, 'timestamp by 160');
        assert.equal(b.readUInt32BE(8), first.readUInt32BE(8), 'one SSRC');
        assert.equal(b.length, 12 + 160);
        assert.ok(
          b.subarray(12).every((x) => x === 0xd5),
          'A-law silence',
        );
      }
      assert.equal(got.rtcp.length, reports);
      assert.ok(reports >= 1);
      const sr = got.rtcp[0];
      assert.equal(sr[1], 200, 'a sender report');
      assert.equal(sr.readUInt32BE(4), first.readUInt32BE(8), 'of the stream it reports on');
      assert.equal(sr[29], 202, 'SDES follows in the compound packet');
    } finally {
      peer.kill('SIGKILL');
      rtp.close();
      rtcp.close();
    }
  },
);

test(
  '-rtp_send stopped by SIGINT still prints its summary and exits 0',
  { timeout: 30_000 },
  async () => {
    requireBuiltBin();
    const base = await freeMediaPortBlock();
    const got: Buffer[] = [];
    const rtp = await bind(base, got, () => undefined);
    const peer = startGossipper([
      'sipp',
      '-rtp_send',
      '-rtp_addr',
      `127.0.0.1:${base}`,
      '-rtp_dur',
      '60000',
      '-rtp_rtcp',
      'off',
    ]);
    try {
      // Waits for the start line, then for packets to flow, on events (bounded by the timeout).
      await new Promise<void>((resolve) => {
        const onData = () => {
          if (peer.stdout().includes('rtp_send:')) {
            peer.child.stdout?.off('data', onData);
            resolve();
          }
        };
        peer.child.stdout?.on('data', onData);
        onData();
      });
      await new Promise<void>((resolve) => rtp.once('message', () => resolve()));
      peer.kill('SIGINT');
      assert.equal(await peer.exit(10_000), 0, peer.stderr());
      const summary = /^sent=(\d+) octets=(\d+) rtcp_sr=0$/m.exec(peer.stdout());
      assert.ok(summary, peer.stdout());
      assert.ok(Number(summary[1]) >= 1 && Number(summary[1]) < 3000, 'stopped long before 60 s');
      assert.equal(Number(summary[2]), Number(summary[1]) * 160);
    } finally {
      peer.kill('SIGKILL');
      rtp.close();
    }
  },
);
