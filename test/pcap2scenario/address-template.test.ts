/** Captured addresses to keywords: told apart by port, whole addresses only, IPv6 in brackets. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  templateAddresses,
  templateTransportParam,
} from '../../src/pcap2scenario/address-template.ts';
import { templateSdp } from '../../src/pcap2scenario/sdp-template.ts';

const twoHosts = {
  local: { address: '10.0.0.1', port: 5060 },
  remote: { address: '10.0.0.10', port: 5080 },
};

test('an address is replaced whole: 10.0.0.1 does not match inside 10.0.0.10 or 110.0.0.1', () => {
  assert.equal(
    templateAddresses(
      '<sip:a@10.0.0.1:5060>, <sip:b@10.0.0.10>, 110.0.0.1, 10.0.0.1:7000',
      twoHosts,
      'local',
    ),
    '<sip:a@[local_ip]:[local_port]>, <sip:b@[remote_ip]>, 110.0.0.1, [local_ip]:7000',
  );
});

test('one IP for both parties (loopback): the port decides, else the side the header names', () => {
  const loopback = {
    local: { address: '127.0.0.1', port: 5060 },
    remote: { address: '127.0.0.1', port: 5080 },
  };
  assert.equal(
    templateAddresses('127.0.0.1:5080 127.0.0.1:5060 127.0.0.1', loopback, 'remote'),
    '[remote_ip]:[remote_port] [local_ip]:[local_port] [remote_ip]',
  );
  assert.equal(templateAddresses('sip:a@127.0.0.1', loopback, 'local'), 'sip:a@[local_ip]');
});

test('IPv6 addresses in brackets; the keyword prints the brackets itself', () => {
  const v6 = {
    local: { address: '2001:db8::1', port: 5060 },
    remote: { address: '2001:db8::2', port: 5060 },
  };
  assert.equal(
    templateAddresses(
      'SIP/2.0/UDP [2001:db8::1]:5060;received=2001:db8::1, <sip:b@[2001:db8::2]>',
      v6,
      'local',
    ),
    'SIP/2.0/UDP [local_ip]:[local_port];received=2001:db8::1, <sip:b@[remote_ip]>',
  );
});

test('transport parameters, any case, become [transport]', () => {
  assert.equal(
    templateTransportParam('<sip:a@h;transport=TCP;lr>;transport=udp;x=tcp'),
    '<sip:a@h;transport=[transport];lr>;transport=[transport];x=tcp',
  );
});

test('SDP: origin, connections and the audio port; other media and a=rtcp dropped', () => {
  const sdp = [
    'v=0',
    'o=bob 1 2 IN IP6 2001:db8::2',
    'c=IN IP6 2001:db8::2',
    'm=audio 49170 RTP/AVP 0',
    'c=IN IP4 192.0.2.9',
    'a=rtcp:49171',
    'a=sendrecv',
    'm=video 51372 RTP/AVP 99',
    'a=rtpmap:99 h263-1998/90000',
    '',
  ].join('\r\n');
  assert.equal(
    templateSdp(sdp),
    [
      'v=0',
      'o=bob 1 2 IN IP[local_ip_type] [local_ip]',
      'c=IN IP[media_ip_type] [media_ip]',
      'm=audio [media_port] RTP/AVP 0',
      'c=IN IP[media_ip_type] [media_ip]',
      'a=sendrecv',
    ].join('\n'),
  );
});
