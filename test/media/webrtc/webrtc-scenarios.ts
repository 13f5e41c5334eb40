/** The WebRTC fixtures of these tests, written to a temporary folder with their blanks filled. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A scenario file from fixtures/, each `from` replaced by its `to`. */
export function webrtcScenario(name: string, replace: Record<string, string> = {}): string {
  let xml = readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'latin1');
  for (const [from, to] of Object.entries(replace)) xml = xml.replaceAll(from, to);
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-webrtc-'));
  const file = path.join(dir, name);
  writeFileSync(file, xml);
  return file;
}
