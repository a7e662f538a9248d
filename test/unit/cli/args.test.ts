import * as assert from 'node:assert/strict';
import { parseCliArgs, UsageError } from '../../../src/cli/args';

function usage(argv: string[]): UsageError {
  try {
    parseCliArgs(argv);
  } catch (e) {
    assert.ok(e instanceof UsageError, `expected a UsageError, got ${e}`);
    return e;
  }
  assert.fail(`${argv.join(' ')} was accepted`);
}

describe('port-zero command line', () => {
  it('reads port with every option, in both --flag value and --flag=value forms', () => {
    assert.deepEqual(parseCliArgs(['port', '--name', 'web', '--host=::1', '--range', '20000-20999', '--ttl=90']), {
      command: 'port', name: 'web', scope: undefined, host: '::1', range: '20000-20999', ttlSeconds: 90,
    });
    assert.deepEqual(parseCliArgs(['port']), { command: 'port', name: undefined, scope: undefined, host: undefined, range: undefined, ttlSeconds: undefined });
    assert.equal((parseCliArgs(['port', '--name', 'web', '--scope', 'user']) as { scope?: string }).scope, 'user');
  });

  it('reads ls flags and stop operands', () => {
    assert.deepEqual(parseCliArgs(['ls', '--all', '--json', '--port', '8080']), { command: 'ls', all: true, json: true, port: 8080 });
    assert.deepEqual(parseCliArgs(['ls']), { command: 'ls', all: false, json: false, port: undefined });
    assert.deepEqual(parseCliArgs(['stop', '3000', '--yes']), { command: 'stop', query: { port: 3000 }, yes: true });
    assert.deepEqual(parseCliArgs(['stop', '--', '3000']), { command: 'stop', query: { port: 3000 }, yes: false });
    assert.deepEqual(parseCliArgs(['stop', '[::1]:3000']), { command: 'stop', query: { port: 3000, host: '::1' }, yes: false });
    assert.deepEqual(parseCliArgs(['stop', 'localhost:3000']), { command: 'stop', query: { port: 3000, host: 'localhost' }, yes: false });
  });

  it('answers --help, -h and help for the overview and each subcommand', () => {
    assert.deepEqual(parseCliArgs([]), { command: 'help', topic: undefined });
    assert.deepEqual(parseCliArgs(['--help']), { command: 'help', topic: undefined });
    assert.deepEqual(parseCliArgs(['help', 'stop']), { command: 'help', topic: 'stop' });
    assert.deepEqual(parseCliArgs(['port', '--name', 'web', '--help']), { command: 'help', topic: 'port' });
    assert.deepEqual(parseCliArgs(['ls', '-h']), { command: 'help', topic: 'ls' });
  });

  it('says a port that is not a number is not one', () => {
    assert.match(usage(['stop', 'abc']).message, /port number like 8080 \(or 127\.0\.0\.1:8080, \[::1\]:8080\), not "abc"/);
    assert.match(usage(['stop', '::1:3000']).message, /Put an IPv6 address in brackets/);
    assert.match(usage(['stop', 'example:3000']).message, /give an IP address of this machine/);
    assert.match(usage(['ls', '--port', '80x']).message, /--port must be a port number/);
    assert.match(usage(['stop', '70000']).message, /between 1 and 65535, not "70000"/);
    assert.match(usage(['stop', '0']).message, /between 1 and 65535/);
  });

  it('says a backwards range is reversed, and a single port is not a range', () => {
    assert.match(usage(['port', '--range', '30000-20000']).message, /--range "30000-20000" is reversed/);
    assert.match(usage(['port', '--range', '8080']).message, /single port/);
    assert.match(usage(['port', '--range', 'lots']).message, /not a range of port numbers/);
  });

  it('says a name too long or empty breaks the freePort name rule', () => {
    const e = usage(['port', '--name', 'x'.repeat(151)]);
    assert.match(e.message, /--name must be a non-empty string of at most 150 bytes/);
    assert.equal(e.topic, 'port');
    assert.match(usage(['port', '--name', '']).message, /--name must be/);
    assert.doesNotThrow(() => parseCliArgs(['port', '--name', 'x'.repeat(150)]));
  });

  it('rejects an unknown host, a bad ttl, a missing value, a repeated flag', () => {
    assert.match(usage(['port', '--host', 'example.com']).message, /--host must be one of 127\.0\.0\.1, ::1, 0\.0\.0\.0, ::, localhost/);
    assert.match(usage(['port', '--ttl', '0']).message, /--ttl must be a whole number of seconds from 1 to 86400, not "0"/);
    assert.match(usage(['port', '--ttl', '1.5']).message, /--ttl/);
    assert.match(usage(['port', '--name']).message, /--name needs a value/);
    assert.match(usage(['port', '--name', 'a', '--name', 'b']).message, /given twice/);
    assert.match(usage(['port', '--name', 'a', '--scope', 'team']).message, /--scope must be workspace or user, not "team"/);
    assert.match(usage(['port', '--scope', 'user']).message, /--scope says whose a --name is: add --name/);
  });

  it('names the options a subcommand takes when given one it does not', () => {
    assert.match(usage(['ls', '--yes']).message, /port-zero ls has no option --yes; it takes --port, --all, --json, --help/);
    assert.match(usage(['port', '--json']).message, /port-zero port has no option --json/);
    assert.match(usage(['ls', '--all=1']).message, /no option --all=1/);
  });

  it('rejects an unknown command, a missing or extra operand', () => {
    const e = usage(['kill', '3000']);
    assert.match(e.message, /"kill" is not a port-zero command; the commands are port, ls, stop/);
    assert.equal(e.topic, undefined);
    assert.match(usage(['stop']).message, /needs the port to free, like: port-zero stop 8080/);
    assert.match(usage(['stop', '1', '2']).message, /takes one port, not 2/);
    assert.match(usage(['port', '8080']).message, /takes no argument "8080"/);
  });
});
