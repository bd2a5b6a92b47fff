// Compose (and shell, and Dockerfile ARG) interpolation defaults: `${VAR:-default}` and
// `${VAR-default}` mean `default` whenever the variable is unset, so the default is a literal value
// of the file, as much as a value written without a variable. One reader for every rule: a
// credential's default is a default credential, an image tag's default is the tag that runs.

/** `${NAME}`, `${NAME:-d}`, `${NAME-d}`, `${NAME:?e}`, `${NAME:+a}`, `$NAME`, and `$$` (an escaped `$`). Linear: a default stops at `}` or `$`. */
const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}$]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

interface DefaultsResolution {
  /** The value with every defaulted reference replaced by its default (`$$` kept as written). */
  text: string;
  /** At least one `${VAR:-default}` / `${VAR-default}` was replaced. */
  defaulted: boolean;
  /** References without a default remain in `text` (`${VAR}`, `$VAR`, `${VAR:?required}`). */
  unresolved: boolean;
}

/**
 * The value as it reads when no variable is set: every `${VAR:-default}` / `${VAR-default}`
 * replaced by its default. `redis://:${REDIS_PASSWORD:-redis123}@cache` → `redis://:redis123@cache`;
 * `app:${VERSION:-latest}` → `app:latest`. References without a default are left as written.
 */
export function resolveInterpolationDefaults(value: string): DefaultsResolution {
  let text = '';
  let at = 0;
  let defaulted = false;
  let unresolved = false;
  REFERENCE.lastIndex = 0;
  for (let m = REFERENCE.exec(value); m; m = REFERENCE.exec(value)) {
    if (m[0] === '$$') continue;
    const operator = m[2];
    if (operator === '-' || operator === ':-') {
      text += value.slice(at, m.index) + (m[3] ?? '');
      at = m.index + m[0].length;
      defaulted = true;
    } else unresolved = true;
  }
  text += value.slice(at);
  return { text, defaulted, unresolved };
}
