/**
 * An answering Run on a real UDP socket on loopback, with the management API beside it on a real
 * HTTP listener (127.0.0.1, port 0). SIP traffic is OPTIONS pings sent from a UDP peer; the
 * engine's clock is fake (nothing here waits on a timer), so calls stay open after their answer.
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultRunConfig } from '../../src/config/index.ts';
import type { RunConfig } from '../../src/config/index.ts';
import { FakeClock, NULL_TRACE_SINK } from '../../src/engine/index.ts';
import { Run, loadScenarioFor } from '../../src/run/index.ts';
import type { Ticker } from '../../src/run/index.ts';
import {
  DynamicClients,
  EngineRegistry,
  legacyTokenAuth,
  startApiServer,
} from '../../src/server/index.ts';
import type { ApiAuth, ApiServer } from '../../src/server/index.ts';
import { parseSipMessage } from '../../src/sip/index.ts';
import type { SipMessage } from '../../src/sip/index.ts';
import { fakeIo } from '../cli/fake-io.ts';
import { buildRequest } from '../peers/memory-transport.ts';

/** An OPTIONS answerer whose 200 OK carries `X-Scenario: <tag>`. */
export function answering(tag: string): string {
  return `<?xml version="1.0"?>
<scenario name="answer ${tag}">
<recv request="OPTIONS"/>
<send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[call_number]
[last_Call-ID:]
[last_CSeq:]
X-Scenario: ${tag}
Content-Length: 0

]]></send>
</scenario>
`;
}

/** The same answerer as a client scenario (sends first): a mode change. */
export const CLIENT_XML = `<?xml version="1.0"?>
<scenario name="client">
<send><![CDATA[
OPTIONS sip:x@[remote_ip] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:a@[local_ip]>;tag=[call_number]
To: <sip:x@[remote_ip]>
Call-ID: [call_id]
CSeq: 1 OPTIONS
Content-Length: 0

]]></send>
<recv response="200"/>
</scenario>
`;

export interface Fixture {
  readonly dir: string;
  readonly scenarioPath: string;
  readonly base: string;
  readonly run: Run;
  readonly api: ApiServer;
  ping(callId: string): Promise<SipMessage>;
  close(): Promise<void>;
}

export interface FixtureOptions {
  token?: string;
  /** Another protection than the legacy token (internal users). */
  auth?: ApiAuth;
  /** -sn instead of -sf. */
  builtin?: string;
  live?: { intervalMs?: number; maxBufferedBytes?: number };
  /** The API's operator lines (stderr in the server). */
  log?: (line: string) => void;
  /** Host dynamic clients (`/api/v1/clients`) as `gossipper server` does, in the fixture's dir. */
  clients?: boolean;
}

export async function startFixture(options: FixtureOptions = {}): Promise<Fixture> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-api-'));
  const scenarioPath = path.join(dir, 'answer.xml');
  writeFileSync(scenarioPath, answering('A'));
  const config: RunConfig = {
    ...defaultRunConfig(),
    scenario:
      options.builtin === undefined
        ? { kind: 'file', path: scenarioPath }
        : { kind: 'builtin', name: options.builtin },
    localIp: '127.0.0.1',
    localPort: 0,
    noStdin: true,
  };
  const run = new Run(config, loadScenarioFor(config), {
    clock: new FakeClock(),
    trace: NULL_TRACE_SINK,
    pid: 4242,
    warmUp: false,
    startTicker(): Ticker {
      return { wake() {}, stop() {} };
    },
  });
  await run.start();
  const registry = new EngineRegistry();
  registry.add({ id: 'primary', run, config, source: config.scenario, dynamic: false });
  const clients =
    options.clients === true
      ? new DynamicClients({ registry, io: fakeIo(dir), log: () => {} })
      : undefined;
  const api = await startApiServer({
    registry,
    auth: options.auth ?? legacyTokenAuth(options.token),
    addr: { host: '127.0.0.1', port: 0 },
    log: options.log ?? (() => {}),
    live: options.live,
    clients,
  });
  const peer: Socket = createSocket('udp4');
  peer.bind(0, '127.0.0.1');
  await once(peer, 'listening');
  return {
    dir,
    scenarioPath,
    base: `http://127.0.0.1:${api.address.port}/api/v1`,
    run,
    api,
    async ping(callId) {
      const answered = once(peer, 'message') as Promise<[Buffer]>;
      peer.send(
        buildRequest('OPTIONS', { callId, cseq: 1 }),
        run.transport.localAddress.port,
        '127.0.0.1',
      );
      return parseSipMessage((await answered)[0]) as SipMessage;
    },
    async close() {
      peer.close();
      clients?.stopAll(true);
      await clients?.allFinished();
      await api.close();
      run.stop();
      await run.done();
    },
  };
}

/** fetch, answering status and parsed JSON (every API answer is JSON). */
export async function call(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown>; type: string }> {
  const res = await fetch(url, init);
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(
      `${init.method ?? 'GET'} ${url}: ${res.status}, not JSON: ${text.slice(0, 300)}`,
    );
  }
  return { status: res.status, body, type };
}

export const jsonInit = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

export const xmlInit = (method: string, xml: string, type = 'application/xml'): RequestInit => ({
  method,
  headers: { 'content-type': type },
  body: xml,
});
