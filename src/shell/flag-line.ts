/**
 * The flags a shell session has set, in the order they were first set: the argv tail that
 * `run` hands to the same path as `gossipper sipp ...`. Every value is checked by the one flag
 * parser (src/cli/) when it is set, so a typo fails at `set` with the CLI's own message.
 */
import { findFlag, parseScenarioFlags } from '../cli/index.ts';
import { FlagError, GossipperError } from '../errors.ts';
import { quoteWord } from './line-words.ts';

// Flags that name the same thing another way: setting one drops the other, as a user changing
// `sf` to `sn` means to switch scenario (the parser refuses both at once).
const REPLACES: Readonly<Record<string, string>> = { sn: 'sf', sf: 'sn' };

// Run profiles (cli/profile-flags.ts) are taken out before the flag parser on the command line
// only; the reference says they do not apply after `shell`.
const PROFILE_FLAGS: readonly string[] = ['config', 'run-alias', 'list-aliases'];

export interface FlagEntry {
  /** Table name, without the dash. */
  readonly name: string;
  readonly values: readonly string[];
}

export class FlagLine {
  private entries: FlagEntry[] = [];

  constructor(private readonly cwd: string) {}

  /**
   * Sets (or replaces) a flag. A switch takes no value; a boolean given none is turned on.
   * Two-value flags (`-key`, `-set`) may repeat, one entry per first value, as on a command line.
   */
  set(name: string, values: readonly string[]): FlagEntry {
    if (PROFILE_FLAGS.includes(name)) {
      throw new GossipperError(
        'SHELL_INPUT',
        `-${name}: run profiles do not apply in the shell`,
        `run 'gossipper -config <file> -run-alias <name>' outside it, or set the flags one by one`,
      );
    }
    const flag = findFlag(name);
    if (flag === undefined || !flag.available) {
      // The CLI's own error: unknown (with did-you-mean; `--m` kept as typed) or unavailable.
      parseScenarioFlags([name.startsWith('-') ? name : `-${name}`], this.cwd);
      throw new FlagError('FLAG_UNKNOWN', `unknown flag "-${name}"`);
    }
    const arity = flag.kind === 'none' ? 0 : flag.kind === 'pair' ? 2 : 1;
    if (flag.kind === 'none' && values.length > 0) {
      throw new FlagError('FLAG_VALUE', `-${name} is a switch and takes no value`);
    }
    if (values.length > arity) {
      const extra = values.slice(arity).join(' ');
      throw new FlagError('FLAG_VALUE', `-${name} takes ${arity} value(s), got extra "${extra}"`);
    }
    const given = flag.kind === 'bool' && values.length === 0 ? ['true'] : values;
    // The CLI's parser on this one flag: its value errors, word for word.
    parseScenarioFlags([`-${name}`, ...given], this.cwd);
    const entry = { name, values: given };
    if (REPLACES[name] !== undefined) this.unset(REPLACES[name]);
    const at = this.entries.findIndex((e) => isSameSlot(e, entry, arity === 2));
    if (at >= 0) this.entries[at] = entry;
    else this.entries.push(entry);
    return entry;
  }

  /** Removes a flag (every entry of a repeating one); false when it was not set. */
  unset(name: string): boolean {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.name !== name);
    return this.entries.length < before;
  }

  clear(): void {
    this.entries = [];
  }

  get(name: string): readonly string[] | undefined {
    return this.entries.find((e) => e.name === name)?.values;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** The argv tail, as `gossipper sipp` would receive it. */
  argv(): string[] {
    return this.entries.flatMap((e) => [`-${e.name}`, ...e.values]);
  }

  /** The command line that `run` stands for, quoted so it pastes into a POSIX shell. */
  commandText(): string {
    return ['gossipper', 'sipp', ...this.argv()].map(quoteWord).join(' ');
  }
}

function isSameSlot(a: FlagEntry, b: FlagEntry, isKeyed: boolean): boolean {
  return a.name === b.name && (!isKeyed || a.values[0] === b.values[0]);
}
