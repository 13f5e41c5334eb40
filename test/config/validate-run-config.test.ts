import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultRunConfig, validateRunConfig, type RunConfig } from '../../src/config/index.ts';
import { FlagError } from '../../src/errors.ts';

function rejects(change: (c: RunConfig) => void, pattern: RegExp): void {
  const config = defaultRunConfig();
  change(config);
  assert.throws(
    () => validateRunConfig(config),
    (err: unknown) => {
      assert.ok(err instanceof FlagError);
      assert.equal(err.code, 'CONFIG_INVALID');
      assert.match(err.message, pattern);
      return true;
    },
  );
}

function accepts(change: (c: RunConfig) => void): void {
  const config = defaultRunConfig();
  change(config);
  assert.doesNotThrow(() => validateRunConfig(config));
}

test('the defaults are valid', () => {
  accepts(() => {});
});

test('-rate_max below -r is rejected only together with -rate_increase', () => {
  rejects((c) => {
    c.rate.callsPerPeriod = 10;
    c.rate.increase = 5;
    c.rate.max = 5;
  }, /^-rate_max 5 is below the starting rate -r 10$/);
  accepts((c) => {
    c.rate.callsPerPeriod = 10;
    c.rate.max = 5;
  });
  accepts((c) => {
    c.rate.callsPerPeriod = 10;
    c.rate.increase = 5;
    c.rate.max = 10;
  });
  accepts((c) => {
    c.rate.callsPerPeriod = 10;
    c.rate.increase = 5;
    c.rate.max = 0;
  });
});

test('-l must be at least 1, -m at least 0', () => {
  rejects((c) => {
    c.callLimit = 0;
  }, /^-l: 0 is too small \(expected at least 1\)$/);
  accepts((c) => {
    c.callLimit = 1;
  });
  rejects((c) => {
    c.maxCalls = -1;
  }, /^-m: -1 is too small/);
  accepts((c) => {
    c.maxCalls = 0;
  });
});

test('ports in range: remote, -rsa, -p (0 = any), -mp', () => {
  rejects((c) => {
    c.remote = { host: 'h', port: 0 };
  }, /^remote host: 0 is not a port \(expected 1\.\.65535\)$/);
  rejects((c) => {
    c.remoteSendAddress = { host: 'h', port: 65536 };
  }, /^-rsa: 65536 is not a port/);
  rejects((c) => {
    c.remote = { host: '', port: 5060 };
  }, /^remote host: the host is empty$/);
  rejects((c) => {
    c.localPort = 70_000;
  }, /^-p: 70000 is not a port \(expected 0\.\.65535\)$/);
  accepts((c) => {
    c.localPort = 0;
  });
  rejects((c) => {
    c.mediaPort = 0;
  }, /^-mp: 0 is not a port/);
  rejects((c) => {
    c.mediaPort = 1.5;
  }, /^-mp: 1\.5 is not a port/);
});

test('rates, periods and counters may not go negative or zero where that makes no sense', () => {
  rejects((c) => {
    c.rate.callsPerPeriod = -1;
  }, /^-r: -1 is too small/);
  accepts((c) => {
    c.rate.callsPerPeriod = 0;
  });
  rejects((c) => {
    c.rate.periodMs = 0;
  }, /^-rp: 0 is too small/);
  rejects((c) => {
    c.rate.increase = 2;
    c.rate.intervalMs = 0;
  }, /^-rate_interval: 0 is too small/);
  rejects((c) => {
    c.retrans.max = -1;
  }, /^-max_retrans: -1/);
  rejects((c) => {
    c.retrans.t2Ms = 0;
  }, /^-T2: 0 is too small/);
  rejects((c) => {
    c.socketBufferBytes = 0;
  }, /^-buff_size: 0 is too small/);
  rejects((c) => {
    c.screenRefreshMs = 0;
  }, /^-f: 0 is too small/);
  rejects((c) => {
    c.baseCseq = -1;
  }, /^-base_cseq: -1/);
  rejects((c) => {
    c.rate.callsPerPeriod = Number.NaN;
  }, /^-r: NaN is too small/);
});

test('empty strings where a value is required', () => {
  rejects((c) => {
    c.callIdFormat = '';
  }, /^-cid_str: the Call-ID format is empty$/);
  rejects((c) => {
    c.scenario = { kind: 'builtin', name: '' };
  }, /^-sn: the scenario name is empty$/);
  rejects((c) => {
    c.scenario = { kind: 'file', path: '' };
  }, /^-sf: the file name is empty$/);
});

test('-seed is an unsigned 32-bit integer when given', () => {
  accepts((c) => {
    c.seed = 0;
  });
  accepts((c) => {
    c.seed = 4_294_967_295;
  });
  rejects((c) => {
    c.seed = -1;
  }, /^-seed: -1 is not a seed \(expected an integer 0\.\.4294967295\)$/);
  rejects((c) => {
    c.seed = 4_294_967_296;
  }, /^-seed: 4294967296 is not a seed/);
  rejects((c) => {
    c.seed = 1.5;
  }, /^-seed: 1.5 is not a seed/);
});
