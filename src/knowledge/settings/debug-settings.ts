// Debug and development-mode settings, and dev-server detection.
//
// Decisions:
// - A debug flag is a key whose last word is DEBUG (optionally followed by MODE / ENABLED /
//   ENABLE): `DEBUG`, `FLASK_DEBUG`, `APP_DEBUG`, `DJANGO_DEBUG`, `debug.enabled` — with a truthy
//   value. `DEBUG=app:*` (the npm `debug` module's namespaces) and `NODE_DEBUG=http` are not flags.
// - A development mode is a framework environment variable set to development: NODE_ENV, APP_ENV,
//   RAILS_ENV, RACK_ENV, FLASK_ENV, MIX_ENV, ASPNETCORE_ENVIRONMENT, DOTNET_ENVIRONMENT, SYMFONY_ENV,
//   ENVIRONMENT / APP_ENVIRONMENT = development | dev | local; GIN_MODE=debug;
//   SPRING_PROFILES_ACTIVE / QUARKUS_PROFILE containing dev / local; DJANGO_SETTINGS_MODULE ending
//   in .dev / .development / .local.
// - A debug log level is a key whose last words are LOG / LOG LEVEL / LOGLEVEL / LOGGING LEVEL with
//   the whole value `debug`, `trace`, `all` or `verbose`.
// - A dev server is a command that serves with reloading or a framework's development server
//   (`npm run dev`, `next dev`, `vite`, `nodemon`, `--reload`, `manage.py runserver`, `flask run`,
//   `ng serve`, `webpack serve`, `dotnet watch`, `air`, `ts-node-dev`, `go run`).

import { environmentNamed } from '../../model/environments.js';
import { identifierWords, isTruthy } from '../data/values.js';

type DebugKind = 'debug-flag' | 'dev-mode' | 'log-level';

interface DebugSetting {
  kind: DebugKind;
}

/** `NODE_ENV=development`, `APP_ENV=local`: the value names the development environment (the one model's words). */
const isDevelopmentWord = (value: string): boolean => environmentNamed(value) === 'development';

const ENV_KEYS = new Set([
  'NODE_ENV',
  'APP_ENV',
  'RAILS_ENV',
  'RACK_ENV',
  'FLASK_ENV',
  'MIX_ENV',
  'ASPNETCORE_ENVIRONMENT',
  'DOTNET_ENVIRONMENT',
  'SYMFONY_ENV',
  'ENVIRONMENT',
  'APP_ENVIRONMENT',
  'PHOENIX_ENV',
  'DENO_ENV',
  'BUN_ENV',
]);

function normKey(key: string): string {
  return identifierWords(key).join('_');
}

/** Is the key/value a debug setting? */
export function debugSetting(key: string, value: string | undefined): DebugSetting | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().replace(/^["']|["']$/g, '');
  if (v === '' || v.includes('${') || v.startsWith('$')) return undefined;
  const words = identifierWords(key);
  if (words.length === 0) return undefined;
  const k = normKey(key);
  const last = words[words.length - 1]!;
  const beforeLast = words[words.length - 2];

  // debug flags
  if (last === 'DEBUG' || (beforeLast === 'DEBUG' && ['MODE', 'ENABLED', 'ENABLE'].includes(last))) {
    if (isTruthy(v)) return { kind: 'debug-flag' };
    return undefined;
  }
  // development modes
  const lower = v.toLowerCase();
  if (ENV_KEYS.has(k) && isDevelopmentWord(lower)) return { kind: 'dev-mode' };
  if (k === 'GIN_MODE' && lower === 'debug') return { kind: 'dev-mode' };
  if ((k === 'SPRING_PROFILES_ACTIVE' || k === 'QUARKUS_PROFILE' || k === 'MICRONAUT_ENVIRONMENTS') && lower.split(/[\s,]+/).some(isDevelopmentWord)) {
    return { kind: 'dev-mode' };
  }
  if (k === 'DJANGO_SETTINGS_MODULE' && lower.includes('.') && isDevelopmentWord(lower.slice(lower.lastIndexOf('.') + 1))) return { kind: 'dev-mode' };
  // log levels
  const logKey = last === 'LOGLEVEL' || (last === 'LOG' && words.length <= 2) || (last === 'LEVEL' && (beforeLast === 'LOG' || beforeLast === 'LOGGING'));
  if (logKey && /^(debug|trace|all|verbose)$/i.test(v)) return { kind: 'log-level' };
  return undefined;
}

const DEV_SERVER = [
  /\b(npm|pnpm|yarn|bun)\s+(run\s+)?(dev|start:dev|serve|watch)\b/,
  /\bnext\s+dev\b/,
  /\bnuxt\s+dev\b/,
  /(^|[\s/"'])vite(\s+(dev|serve))?(\s+--|\s*$|["'])/,
  /\bnodemon\b/,
  /\bts-node-dev\b/,
  /\btsx\s+watch\b/,
  /--reload\b/,
  /\bmanage\.py\s+runserver\b/,
  /\bflask\s+run\b/,
  /\bng\s+serve\b/,
  /\bwebpack(-dev-server|\s+serve)\b/,
  /\bdotnet\s+watch\b/,
  /(^|\s)air(\s|$)/,
  /\bgo\s+run\b/,
  /\bfastapi\s+dev\b/,
  /\brails\s+(s|server)\b.*-e\s+development/,
];

/** Does the command line run a development server? */
export function isDevServerCommand(command: string): boolean {
  return devServerIn(command) !== undefined;
}

/** The part of the command line that runs a development server (`npm run dev`, `--reload`), if any. */
export function devServerIn(command: string): string | undefined {
  for (const re of DEV_SERVER) {
    const m = re.exec(command);
    if (m) return m[0].trim().replace(/^["'/]|["']$/g, '');
  }
  return undefined;
}

interface DebugFlag {
  /** Index of the word holding the flag (its value, for `--log-level debug`). */
  index: number;
  flag: string;
  kind: DebugKind;
}

/**
 * Debug switches on a command line, word by word: `--debug` (or `--debug=true`), `--log-level debug`,
 * `--log-level=trace`, `--loglevel debug`, `-Dlogging.level.root=DEBUG`. `--debug=false` is not.
 */
export function debugFlags(words: readonly string[]): DebugFlag[] {
  const out: DebugFlag[] = [];
  words.forEach((raw, i) => {
    const w = raw.trim();
    const m = /^--?(debug|debug-mode)(?:=(.*))?$/i.exec(w);
    if (m && (m[2] === undefined || isTruthy(m[2]))) {
      out.push({ index: i, flag: w, kind: 'debug-flag' });
      return;
    }
    const lvl = /^--?(log[-_.]?level|logging[-_.]level|verbosity)(?:=(.*))?$/i.exec(w);
    if (lvl) {
      const value = lvl[2] ?? words[i + 1];
      if (value !== undefined && /^(debug|trace|all)$/i.test(value.trim())) {
        out.push({ index: lvl[2] !== undefined ? i : i + 1, flag: lvl[2] !== undefined ? w : `${w} ${value}`, kind: 'log-level' });
      }
      return;
    }
    if (/^-Dlogging\.level\.[\w.]+=(debug|trace)$/i.test(w)) out.push({ index: i, flag: w, kind: 'log-level' });
  });
  return out;
}
