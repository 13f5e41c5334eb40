import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaptureError, loadUdpCapture, readUdpDatagrams } from '../../src/pcap/index.ts';
import { LINK, ipPacket, pcapFile, pcapngFile, type TestPacket } from '../peers/capture-writer.ts';

const v4: TestPacket = {
  timeUs: 1_000_000_123,
  src: '10.0.0.1',
  dst: '10.0.0.2',
  srcPort: 4000,
  dstPort: 5000,
  payload: Buffer.from('hello'),
};
const v6: TestPacket = {
  timeUs: 1_000_020_456,
  src: '2001:db8::1',
  dst: 'fe80::2:0:0:3',
  srcPort: 4002,
  dstPort: 5002,
  payload: Buffer.from('world!'),
};

for (const [name, link] of Object.entries(LINK)) {
  for (const format of ['pcap', 'pcap-be', 'pcap-ns', 'pcapng'] as const) {
    test(`${format}, ${name}: IPv4 and IPv6 UDP datagrams with their times and addresses`, () => {
      const bytes =
        format === 'pcapng'
          ? pcapngFile(link, [v4, v6])
          : pcapFile(link, [v4, v6], {
              littleEndian: format !== 'pcap-be',
              nanoseconds: format === 'pcap-ns',
            });
      const got = readUdpDatagrams(bytes, 'x.pcap');
      assert.equal(got.length, 2);
      assert.equal(got[0].ipVersion, 4);
      assert.equal(got[0].srcAddress, '10.0.0.1');
      assert.equal(got[0].dstAddress, '10.0.0.2');
      assert.equal(got[0].srcPort, 4000);
      assert.equal(got[0].dstPort, 5000);
      assert.equal(Buffer.from(got[0].payload).toString(), 'hello');
      assert.equal(got[0].timeUs, 1_000_000_123);
      assert.equal(got[1].ipVersion, 6);
      assert.equal(got[1].srcAddress, '2001:db8::1');
      assert.equal(got[1].dstAddress, 'fe80::2:0:0:3');
      assert.equal(Buffer.from(got[1].payload).toString(), 'world!');
      assert.equal(got[1].timeUs - got[0].timeUs, 20_333);
    });
  }
}

test('packets that are not UDP are left out', () => {
  const bytes = pcapFile(LINK.RAW, [v4]);
  // Turn the protocol byte into TCP.
  bytes[24 + 16 + 9] = 6;
  assert.equal(readUdpDatagrams(bytes, 'tcp.pcap').length, 0);
});

function errorOf(fn: () => unknown): CaptureError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof CaptureError, String(err));
    return err;
  }
  assert.fail('no error');
}

test('malformed captures give a CaptureError naming the file and offset', () => {
  const cases: Array<[string, Buffer, RegExp]> = [
    ['empty', Buffer.alloc(0), /not a pcap or pcapng capture/],
    ['text', Buffer.from('hello world, not a capture'), /unknown magic/],
    ['short header', pcapFile(LINK.RAW, []).subarray(0, 10), /unknown magic|file header/],
    ['truncated record', pcapFile(LINK.RAW, [v4]).subarray(0, 24 + 16 + 5), /runs past the end/],
    [
      'cut record header',
      pcapFile(LINK.RAW, [v4, v4]).subarray(0, 24 + 16 + 33 + 7),
      /truncated record header/,
    ],
    ['truncated pcapng block', pcapngFile(LINK.RAW, [v4]).subarray(0, 60), /block length/],
  ];
  for (const [name, bytes, re] of cases) {
    const err = errorOf(() => readUdpDatagrams(bytes, `${name}.pcap`));
    assert.equal(err.code, 'CAPTURE_INVALID', name);
    assert.match(err.message, new RegExp(`^${name}\\.pcap: offset \\d+: `), name);
    assert.match(err.message, re, name);
  }
});

test('an unsupported link type and a UDP datagram cut by the snaplen are named', () => {
  const wrongLink = pcapFile(LINK.RAW, [v4]);
  wrongLink.writeUInt32LE(147, 20);
  assert.match(errorOf(() => readUdpDatagrams(wrongLink, 'a.pcap')).message, /link type 147/);
  const cut = pcapFile(LINK.RAW, [v4]);
  // Claim a longer UDP datagram than was captured.
  cut.writeUInt16BE(200, 24 + 16 + 20 + 4);
  assert.match(errorOf(() => readUdpDatagrams(cut, 'b.pcap')).message, /cut by the capture/);
  const badIp = pcapFile(LINK.ETHERNET, [v4]);
  badIp[24 + 16 + 14] = 0x41; // IHL 1 word
  assert.match(errorOf(() => readUdpDatagrams(badIp, 'c.pcap')).message, /IPv4 header length/);
});

test('IPv4 fragments are skipped, as they cannot be replayed alone', () => {
  const ip = ipPacket(v4);
  assert.ok(ip.length > 0);
  const bytes = pcapFile(LINK.RAW, [v4]);
  bytes.writeUInt16BE(0x2000, 24 + 16 + 6);
  assert.equal(readUdpDatagrams(bytes, 'f.pcap').length, 0);
});

test('loadUdpCapture reads a file and names one it cannot read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gossipper-pcap-'));
  const path = join(dir, 'ok.pcap');
  writeFileSync(path, pcapFile(LINK.ETHERNET, [v4]));
  assert.equal((await loadUdpCapture(path)).length, 1);
  await assert.rejects(loadUdpCapture(join(dir, 'missing.pcap')), (err: unknown) => {
    assert.ok(err instanceof CaptureError);
    assert.match(err.message, /missing\.pcap: offset 0: cannot read/);
    return true;
  });
});
