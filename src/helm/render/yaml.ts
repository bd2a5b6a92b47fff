// The YAML/JSON helpers the renderer needs (Helm's toYaml & co.), wired from src/helm/yaml.

import type { GoValue } from '../value.js';
import * as y from '../values/yaml-shim.js';

/** Helm's engine toYAML: yaml.Marshal without the trailing newline; "" on error. */
export function toYamlText(v: GoValue): string {
  try {
    return y.toYaml(v);
  } catch {
    return '';
  }
}

export { y as yamlLib };
