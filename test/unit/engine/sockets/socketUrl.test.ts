import * as assert from 'node:assert/strict';
import { endpointText, isWebUrl, socketUrl } from '../../../../src/engine/sockets/socketUrl';
import { tcp, udp } from '../view/socketView.fixtures';

describe('socketUrl', () => {
  it('builds an http URL from an IPv4 listener address', () => {
    assert.equal(socketUrl(tcp('127.0.0.1', 5173)), 'http://127.0.0.1:5173/');
  });

  it('puts an IPv6 listener address in brackets', () => {
    assert.equal(socketUrl(tcp('::1', 8080)), 'http://[::1]:8080/');
  });

  it('maps IPv4 and IPv6 wildcard binds to localhost', () => {
    assert.equal(socketUrl(tcp('0.0.0.0', 3000)), 'http://localhost:3000/');
    assert.equal(socketUrl(tcp('::', 3001)), 'http://localhost:3001/');
  });

  it('shows an IPv4-mapped listener as its IPv4 address', () => {
    assert.equal(socketUrl(tcp('::ffff:127.0.0.1', 4000)), 'http://127.0.0.1:4000/');
  });

  it('gives no URL for UDP sockets or TCP connections', () => {
    assert.equal(socketUrl(udp('127.0.0.1', 5353)), undefined);
    assert.equal(socketUrl(tcp('127.0.0.1', 5173, { peer: ['127.0.0.1', 53422] })), undefined);
  });

  it('gives no URL when the address is not an IP literal', () => {
    const forged = { ...tcp('127.0.0.1', 80), local: { address: 'evil.example/x?', port: 80, wildcard: false, loopback: false, dualStack: false } };
    assert.equal(socketUrl(forged), undefined);
  });
});

describe('endpointText', () => {
  it('writes the local and the peer side with IPv6 brackets', () => {
    const s = tcp('::1', 5173, { peer: ['::1', 53422] });
    assert.equal(endpointText(s, 'local'), '[::1]:5173');
    assert.equal(endpointText(s, 'peer'), '[::1]:53422');
  });

  it('has no peer text for a listener', () => {
    assert.equal(endpointText(tcp('127.0.0.1', 5173), 'peer'), undefined);
  });
});

describe('isWebUrl', () => {
  it('accepts http and https only', () => {
    assert.equal(isWebUrl('http://127.0.0.1:1/'), true);
    assert.equal(isWebUrl('https://x.example/'), true);
    assert.equal(isWebUrl('file:///etc/passwd'), false);
    assert.equal(isWebUrl('javascript:alert(1)'), false);
    assert.equal(isWebUrl('not a url'), false);
  });
});
