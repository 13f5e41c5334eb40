/**
 * SIPp's keyboard on a terminal (SIPp's docs, "Controlling SIPp"): hot keys act at once, `c`
 * opens command mode where a line typed on the screen's bottom row runs on Enter. The keys and
 * lines mean what control-commands.ts says, the same as over the `-cp` socket.
 */
import { parseCommand, parseKey } from './control-commands.ts';
import type { ControlAction } from './control-commands.ts';

/** Where typed keys go: actions to run, and the command line to show while it is typed. */
export interface KeyboardSink {
  apply(action: ControlAction): void;
  /** The line being typed after `c`; undefined when command mode ends. */
  commandLine(text: string | undefined): void;
}

/** Turns raw terminal input into actions; separate from stdin so tests can feed it. */
export class KeyboardInput {
  /** The command line typed so far; undefined outside command mode. */
  private line: string | undefined;

  constructor(private readonly sink: KeyboardSink) {}

  feed(text: string): void {
    for (const ch of text) this.key(ch);
  }

  private key(ch: string): void {
    // Ctrl-C in raw mode arrives as a byte, not SIGINT: quit now as the signal would.
    if (ch === '\u0003') return this.sink.apply({ kind: 'quit-now' });
    if (this.line === undefined) {
      const action = parseKey(ch);
      if (action.kind === 'command-mode') {
        this.line = '';
        this.sink.commandLine('');
      } else this.sink.apply(action);
      return;
    }
    if (ch === '\r' || ch === '\n') {
      const line = this.line;
      this.line = undefined;
      this.sink.commandLine(undefined);
      this.sink.apply(parseCommand(line));
    } else if (ch === '\u001b') {
      // Escape leaves command mode without running the line (SIPp has no way out but Enter).
      this.line = undefined;
      this.sink.commandLine(undefined);
    } else if (ch === '\u007f' || ch === '\b') {
      this.line = this.line.slice(0, -1);
      this.sink.commandLine(this.line);
    } else if (ch >= ' ') {
      this.line += ch;
      this.sink.commandLine(this.line);
    }
  }
}

/** Reads keys from a terminal's stdin in raw mode; returns the function that stops it. */
export function attachKeyboard(stdin: NodeJS.ReadStream, sink: KeyboardSink): () => void {
  if (typeof stdin.setRawMode !== 'function') return () => {};
  const input = new KeyboardInput(sink);
  stdin.setRawMode(true);
  stdin.resume();
  const onData = (data: Buffer): void => input.feed(data.toString('latin1'));
  stdin.on('data', onData);
  return () => {
    stdin.off('data', onData);
    stdin.setRawMode(false);
    stdin.pause();
  };
}
