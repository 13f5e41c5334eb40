/** `gossipper pcap2scenario` in-process: flags, where files go, and input it refuses. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { main } from '../../src/main.ts';
import { fakeIo } from '../cli/fake-io.ts';
import { LINK, g711Capture, pcapFile } from '../peers/capture-writer.ts';
import { CALLER, CALLEE, callCapture } from './call-capture.ts';

async function run(files: Record<string, Buffer>, ...argv: string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-p2s-cmd-'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);
  const io = fakeIo(dir);
  const code = await main(['pcap2scenario', ...argv], io);
  return { code, out: io.out(), err: io.err(), dir, entries: readdirSync(dir).sort() };
}

const OUTPUTS = ['callee_rtp.pcap', 'caller_rtp.pcap', 'scenario_uac.xml', 'scenario_uas.xml'];

test('-h prints its own short help; the root help lists the subcommand as available', async () => {
  const r = await run({}, '-h');
  assert.equal(r.code, 0);
  assert.match(r.out, /^Usage: gossipper pcap2scenario <capture.pcap>/);
  for (const flag of ['-out', '-sip-port', '-pcap-link']) assert.ok(r.out.includes(flag), flag);
  assert.ok(!r.out.includes('-rsa'), 'not the scenario flags');
  assert.deepEqual(
    r.out.split('\n').filter((l) => l.length > 80),
    [],
    'within 80 columns',
  );
  const io = fakeIo();
  await main(['-h'], io);
  const available = io.out().split('Reserved')[0];
  assert.match(available, /pcap2scenario\s+turn a PCAP capture into XML scenarios/);
});

test('writes the four files into a folder named after the capture, or -out', async () => {
  const capture = callCapture({ transport: 'udp', rtpPackets: 2, otherDialogs: 1 });
  const r = await run({ 'call.pcap': capture }, 'call.pcap');
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(readdirSync(path.join(r.dir, 'call')).sort(), OUTPUTS, 'no temporary left');
  assert.match(r.out, /1 other dialog \(Call-ID\) in the capture ignored/);
  assert.match(
    r.out,
    /wrote scenario_uac\.xml, scenario_uas\.xml, caller_rtp\.pcap, callee_rtp\.pcap in /,
  );
  const o = await run({ 'call.pcap': capture }, 'call.pcap', '-out', 'a/b');
  assert.equal(o.code, 0, o.err);
  assert.deepEqual(readdirSync(path.join(o.dir, 'a/b')).sort(), OUTPUTS);
});

test('-sip-port keeps SIP to that port only; -pcap-link reads frames as the type given', async () => {
  const capture = callCapture({ transport: 'udp' });
  const elsewhere = await run({ 'c.pcap': capture }, 'c.pcap', '-sip-port', '5999');
  assert.equal(elsewhere.code, 1);
  assert.match(elsewhere.err, /c\.pcap: no SIP message in the capture/);
  assert.equal(
    (await run({ 'c.pcap': capture }, 'c.pcap', '-sip-port', String(CALLEE.port))).code,
    0,
  );
  // A file whose header names a link type we do not read, though its frames are Ethernet.
  const mislabelled = Buffer.from(capture);
  mislabelled.writeUInt32LE(147, 20);
  const auto = await run({ 'm.pcap': mislabelled }, 'm.pcap');
  assert.equal(auto.code, 1);
  assert.match(auto.err, /m\.pcap: offset 24: packet 1: link type 147 is not supported/);
  assert.match(auto.err, /hint: .*-pcap-link/);
  assert.equal((await run({ 'm.pcap': mislabelled }, 'm.pcap', '-pcap-link', 'ethernet')).code, 0);
});

test('input it cannot convert: a clear error naming the file, exit 1, nothing written', async () => {
  const sip = (text: string): Buffer =>
    pcapFile(LINK.ETHERNET, [
      {
        timeUs: 1e12,
        src: CALLER.ip,
        dst: CALLEE.ip,
        srcPort: 5060,
        dstPort: 5060,
        payload: Buffer.from(text),
      },
    ]);
  const options = 'OPTIONS sip:b@h SIP/2.0\r\nCall-ID: 1\r\nContent-Length: 0\r\n\r\n';
  // The INVITE's datagram cut by the snaplen: claim more bytes on the wire than were kept.
  const cut = callCapture({ transport: 'udp' });
  cut.writeUInt16BE(cut.readUInt16BE(24 + 16 + 14 + 20 + 4) + 100, 24 + 16 + 14 + 20 + 4);
  const cases: Array<[string, Buffer, RegExp]> = [
    [
      'text.pcap',
      Buffer.from('no capture here'),
      /text\.pcap: offset 0: not a pcap or pcapng capture/,
    ],
    [
      'rtp.pcap',
      pcapFile(LINK.ETHERNET, g711Capture(3)),
      /rtp\.pcap: no SIP message in the capture/,
    ],
    ['options.pcap', sip(options), /options\.pcap: no INVITE among the capture's 1 SIP messages/],
    ['cut.pcap', cut, /cut\.pcap: offset 24: packet 1: UDP payload cut by the capture/],
    [
      'short.pcap',
      callCapture({ transport: 'tcp' }).subarray(0, 400),
      /short\.pcap: offset \d+: packet \d+: record length/,
    ],
  ];
  for (const [name, bytes, message] of cases) {
    const r = await run({ [name]: bytes }, name);
    assert.equal(r.code, 1, name);
    assert.match(r.err, new RegExp(`^gossipper: ${message.source}`), name);
    assert.deepEqual(r.entries, [name], `${name}: nothing written`);
    assert.equal(r.err.includes('-pcap-link'), name === 'cut.pcap', `${name}: link hint`);
  }
  const missing = await run({}, 'gone.pcap');
  assert.equal(missing.code, 1);
  assert.match(missing.err, /gone\.pcap: cannot read/);
  assert.ok(!existsSync(path.join(missing.dir, 'gone')));
});

test('flag errors are usage errors', async () => {
  for (const argv of [
    [],
    ['a.pcap', '-bogus'],
    ['a.pcap', 'b.pcap'],
    ['a.pcap', '-sip-port', 'x'],
    ['a.pcap', '-pcap-link', 'token_ring'],
    ['a.pcap', '-out'],
  ]) {
    const r = await run({}, ...argv);
    assert.equal(r.code, 1, argv.join(' '));
    assert.match(r.err, /^gossipper: pcap2scenario: /, argv.join(' '));
  }
});
