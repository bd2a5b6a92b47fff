// An esbuild plugin for the bundles that parse YAML in bulk (the linter, the benchmark): the `yaml`
// package's Parser reads `process.env.LOG_TOKENS` (a debugging switch of the library) for every
// token it is handed, and Node answers each read from the environment itself (about 0.4 µs: 15–20%
// of parsing a YAML file). The bundle reads it as unset. The source text is checked, so that an
// update of the package that moves the read fails the build instead of bringing the cost back.
import { readFileSync } from 'node:fs';

const READ = 'node_process.env.LOG_TOKENS';

export const yamlWithoutTokenLog = {
  name: 'yaml-without-token-log',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]parse[\\/]parser\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(READ)) throw new Error(`${args.path} no longer reads ${READ}: see scripts/esbuild-yaml-env.mjs`);
      return { contents: source.replaceAll(READ, 'undefined'), loader: 'js' };
    });
  },
};
