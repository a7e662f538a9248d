import * as assert from 'node:assert/strict';
import { attributesFor as attributesWith, parsePortsAttributes, portsAttributesValue, withLabel } from '../../../../src/engine/sockets/portsAttributes';

const attributesFor = (rules: ReturnType<typeof parsePortsAttributes>, listener: Parameters<typeof attributesWith>[1]) =>
  attributesWith(rules, listener, (pattern, commandLine) => pattern.test(commandLine));
const on = (port: number, host = '127.0.0.1', commandLine?: string) => ({ port, host, commandLine });

describe('remote.portsAttributes, read as VS Code reads it', () => {
  it('labels a port by its number key, on loopback and on a wildcard bind', () => {
    const rules = parsePortsAttributes({ 5173: { label: 'Vite' } });
    assert.deepEqual(attributesFor(rules, on(5173)), { label: 'Vite', protocol: undefined });
    assert.equal(attributesFor(rules, on(5173, '::')).label, 'Vite');
    assert.equal(attributesFor(rules, on(5173, '::1')).label, 'Vite');
    assert.equal(attributesFor(rules, on(5174)).label, undefined);
  });

  it('matches a range key "3000-3100" inclusively', () => {
    const rules = parsePortsAttributes({ '3000-3100': { label: 'apps', protocol: 'https' } });
    assert.deepEqual(attributesFor(rules, on(3000)), { label: 'apps', protocol: 'https' });
    assert.equal(attributesFor(rules, on(3100)).label, 'apps');
    assert.equal(attributesFor(rules, on(3101)).label, undefined);
    assert.equal(attributesFor(rules, on(2999)).label, undefined);
  });

  it('tests any other key as a regular expression on the command line', () => {
    const rules = parsePortsAttributes({ 'vite( |$)': { label: 'Vite' } });
    assert.equal(attributesFor(rules, on(41234, '127.0.0.1', 'node /app/node_modules/.bin/vite --port 41234')).label, 'Vite');
    assert.equal(attributesFor(rules, on(41234, '127.0.0.1', 'node server.js')).label, undefined);
    assert.equal(attributesFor(rules, on(41234)).label, undefined, 'no command line, no match');
  });

  it('lets an exact port override a range or an expression, which only fill what is unset', () => {
    const rules = parsePortsAttributes({
      'node': { label: 'Node app', protocol: 'https' },
      '5000-6000': { label: 'range' },
      5173: { label: 'Vite' },
    });
    // Sorted by port: the range (5000) first, then 5173, then the expression.
    assert.deepEqual(attributesFor(rules, on(5173, '127.0.0.1', 'node vite')), { label: 'Vite', protocol: 'https' });
    assert.deepEqual(attributesFor(rules, on(5500, '127.0.0.1', 'node x')), { label: 'range', protocol: 'https' });
  });

  it("keeps VS Code's quirk: an exact port entry without a protocol clears the one a range set", () => {
    const rules = parsePortsAttributes({ '8000-9000': { protocol: 'https' }, 8443: { label: 'admin' } });
    assert.deepEqual(attributesFor(rules, on(8443)), { label: 'admin', protocol: undefined });
  });

  it('applies port and range keys only on loopback or all interfaces, a host:port key only on that host', () => {
    const rules = parsePortsAttributes({ 5173: { label: 'Vite' }, 'devbox:8080': { label: 'box' } });
    assert.equal(attributesFor(rules, on(5173, '192.168.1.5')).label, undefined);
    assert.equal(attributesFor(rules, on(8080, 'devbox')).label, 'box');
    assert.equal(attributesFor(rules, on(8080, '127.0.0.1')).label, undefined);
  });

  it('skips an invalid expression and an unknown protocol, and says which', () => {
    const rules = parsePortsAttributes({ '(unclosed': { label: 'x' }, 4000: { protocol: 'ftp', label: 'api' } });
    assert.deepEqual(attributesFor(rules, on(4000, '127.0.0.1', '(unclosed')), { label: 'api', protocol: undefined });
    const problems = rules.problems.join('\n');
    assert.equal(rules.problems.length, 2, problems);
    assert.match(problems, /"\(unclosed" is neither a port, a range nor a valid regular expression/);
    assert.match(problems, /"4000": protocol "ftp" is neither "http" nor "https"/);
  });

  it("ignores a workspace's and a folder's value unless the workspace is trusted, and merges them as VS Code does when it is", () => {
    const inspected = {
      defaultValue: {},
      globalValue: { 3000: { label: 'mine' }, 4000: { label: 'api' } },
      workspaceValue: { '^(\\S+\\s?)+\\u0000$': { label: 'hostile' }, 4000: { protocol: 'https' } },
      workspaceFolderValue: { 5000: { label: 'folder' } },
    };
    assert.deepEqual(portsAttributesValue(inspected, false), { 3000: { label: 'mine' }, 4000: { label: 'api' } });
    assert.deepEqual(portsAttributesValue(inspected, true), {
      3000: { label: 'mine' }, 4000: { label: 'api', protocol: 'https' }, '^(\\S+\\s?)+\\u0000$': { label: 'hostile' }, 5000: { label: 'folder' },
    });
    assert.equal(portsAttributesValue({ workspaceValue: { 3000: { label: 'x' } } }, false), undefined);
  });

  it('reads nothing from a value that is not an object', () => {
    for (const value of [undefined, null, 'x', 3, []]) assert.equal(parsePortsAttributes(value).rules.length, 0);
  });

  it('writes a label after the address or port', () => {
    assert.equal(withLabel('5173', 'Vite'), '5173 · Vite');
    assert.equal(withLabel('127.0.0.1:5173', undefined), '127.0.0.1:5173');
  });
});
