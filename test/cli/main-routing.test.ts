import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/main.ts';
import { SUBCOMMANDS } from '../../src/cli/index.ts';
import { COMMIT, VERSION } from '../../src/version.ts';
import { fakeIo } from './fake-io.ts';

async function gossipper(...argv: string[]) {
  const io = fakeIo();
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

test('no arguments: root help on stdout, exit 99', async () => {
  const r = await gossipper();
  assert.equal(r.code, 99);
  assert.match(r.out, /Available in this version:/);
  assert.equal(r.err, '');
});

test('-h, --help, help and -help as first token: root help listing subcommands only', async () => {
  for (const token of ['-h', '--help', 'help', '-help']) {
    const r = await gossipper(token);
    assert.equal(r.code, 99, token);
    for (const s of SUBCOMMANDS) assert.match(r.out, new RegExp(`^  ${s.name} `, 'm'));
    assert.match(r.out, /Available in this version:\n  sipp /);
    assert.match(r.out, /Reserved, not available in this version:\n(  .*\n)*  tui /);
    assert.doesNotMatch(r.out, /-rate_increase/, 'no scenario flag dump in root help');
  }
});

test('-version / --version anywhere: build info, exit 0, before subcommand routing', async () => {
  for (const argv of [
    ['-version'],
    ['--version'],
    ['sipp', '-sn', 'uac', '--version'],
    ['tui', '-version'],
    ['-bogus', '-version'],
  ]) {
    const r = await gossipper(...argv);
    assert.equal(r.code, 0, argv.join(' '));
    assert.match(r.out, new RegExp(`^gossipper ${VERSION.replace(/\./g, '\\.')}\n`));
    assert.match(r.out, new RegExp(`commit: ${COMMIT}`));
    assert.equal(r.err, '');
  }
});

test('reserved subcommands: one stderr line, exit 2, no pretend behaviour', async () => {
  const reserved = SUBCOMMANDS.filter((s) => !s.available);
  const names = [...reserved.map((s) => s.name), '-interactive', '--interactive'];
  assert.ok(names.includes('backfill'));
  for (const name of names) {
    const r = await gossipper(name, '-x', 'y');
    assert.equal(r.code, 2, name);
    assert.equal(r.err, `gossipper ${name}: not available in this version\n`);
    assert.equal(r.out, '');
  }
});

test('-interactive later on the root path is also the unavailable TUI', async () => {
  const r = await gossipper('-sn', 'uac', '-interactive');
  assert.equal(r.code, 2);
  assert.equal(r.err, 'gossipper -interactive: not available in this version\n');
});

test('sipp prefix alone (repeated or not): short SIPp-entry summary, exit 99', async () => {
  for (const argv of [['sipp'], ['sipp', 'sipp', 'sipp']]) {
    const r = await gossipper(...argv);
    assert.equal(r.code, 99);
    assert.match(r.out, /^gossipper sipp: the SIPp 3\.6\.1 compatible entry point/);
    assert.doesNotMatch(r.out, /\*\*\* Scenario file options/);
  }
});

test('a subcommand or -interactive after sipp is rejected (SUBCOMMAND_AFTER_SIPP, exit 1)', async () => {
  for (const argv of [
    ['sipp', 'tui'],
    ['sipp', 'sipp', 'server'],
    ['sipp', '-interactive'],
    ['sipp', '-sn', 'uac', '--interactive'],
  ]) {
    const r = await gossipper(...argv);
    assert.equal(r.code, 1, argv.join(' '));
    assert.match(r.err, /^gossipper: "-{0,2}[a-z]+" cannot follow "sipp"/);
    assert.match(r.err, /\nhint: run 'gossipper [-a-z]+' without the sipp prefix\n$/);
  }
});

test('sipp -h / help / --help and -h later on the root path: SIPp help, exit 99', async () => {
  for (const argv of [
    ['sipp', '-h'],
    ['sipp', 'help'],
    ['sipp', '--help'],
    ['sipp', 'sipp', '-help'],
    ['-sn', 'uac', '-h'],
    ['-m', '1', '--help'],
  ]) {
    const r = await gossipper(...argv);
    assert.equal(r.code, 99, argv.join(' '));
    assert.match(r.out, /gossipper sipp remote_host\[:remote_port\] \[options\]/);
    assert.match(r.out, /\*\*\* Call rate options:/);
  }
});

test('-v: SIPp-style version banner, exit 99', async () => {
  for (const argv of [['-v'], ['sipp', '-v'], ['sipp', '-m', '5', '-v']]) {
    const r = await gossipper(...argv);
    assert.equal(r.code, 99);
    assert.equal(r.out, `\n Gossipper v${VERSION} (SIPp 3.6.1 compatible)\n\n`);
  }
});

test('flag errors: "gossipper: <message>" + hint on stderr, exit 1, nothing on stdout', async () => {
  const unknown = await gossipper('sipp', '-bogus');
  assert.equal(unknown.code, 1);
  assert.equal(
    unknown.err,
    'gossipper: unknown flag "-bogus"\nhint: run \'gossipper sipp -h\' for the list of flags\n',
  );
  assert.equal(unknown.out, '');
  const notYet = await gossipper('-multihome', 'a,b', 'x.xml');
  assert.equal(notYet.code, 1);
  assert.match(
    notYet.err,
    /^gossipper: -multihome is not available in this version of gossipper\n/,
  );
  const badValue = await gossipper('sipp', '-r', 'abc');
  assert.equal(badValue.code, 1);
  assert.equal(badValue.err, 'gossipper: -r: "abc" is not a number\n');
  const both = await gossipper('-sf', 'a.xml', '-sn', 'uac');
  assert.equal(both.code, 1);
  assert.match(both.err, /-sf and -sn cannot be used together/);
});

test('config validation runs before any run starts: exit 1 with the flag named', async () => {
  const limit = await gossipper('127.0.0.1', '-l', '0');
  assert.equal(limit.code, 1);
  assert.match(limit.err, /^gossipper: -l: 0 is too small \(expected at least 1\)/);
  const rate = await gossipper('127.0.0.1', '-r', '10', '-rate_increase', '5', '-rate_max', '5');
  assert.equal(rate.code, 1);
  assert.match(rate.err, /^gossipper: -rate_max 5 is below the starting rate -r 10/);
  const port = await gossipper('sipp', '-p', '70000');
  assert.equal(port.code, 1);
  assert.match(port.err, /^gossipper: -p: 70000 is not a port/);
});
