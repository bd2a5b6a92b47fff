import { posix } from 'node:path';
import { defineCheck, type Problem, type RuleContext, type Target } from '../../src/engine/api.js';
import type { DocPath, DockerfileData, DockerStage, EnvData, SourceDocument } from '../../src/model/types.js';
import { composeServices, resolveBuild } from '../../src/knowledge/compose/compose.js';
import { debugFlags, debugSetting, isDevServerCommand } from '../../src/knowledge/settings/debug-settings.js';
import { execFormArgs, finalStage, stageChain } from '../../src/knowledge/dockerfile/dockerfile.js';
import {
  composeSettings,
  configMapSettings,
  containerSettings,
  dockerfileSettings,
  envFileSettings,
  shellWords,
  valuesSettings,
  type Setting,
} from '../../src/knowledge/settings/env-settings.js';
import { containersOf, containerTargetName, kubernetesObjects, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { commandText } from '../../src/knowledge/datastores/persistence.js';
import { disabledFeatureSwitches } from '../../src/knowledge/charts/helm-values.js';
import { asDict, scalarText } from '../../src/knowledge/data/values.js';

const DEV_STAGE = /(^|[-_])(dev|devel|development|local|debug)([-_]|$)/i;

/** `["flask", "run"]` → `flask run`; shell form unchanged. */
function execForm(args: string): string {
  return execFormArgs(args)?.join(' ') ?? args.trim();
}

function problemsOf(settings: Setting[], scope: string): Problem[] {
  return settings.flatMap((s) => {
    const hit = debugSetting(s.key, s.value);
    return hit ? [{ messageId: hit.kind, data: { key: s.keyPath ?? s.key, value: s.value ?? '', scope }, doc: s.doc, path: s.path }] : [];
  });
}

/** Debug switches on a command line (`command:` / `args:` / `entrypoint:`, list or string form). */
function commandFlagProblems(doc: SourceDocument, base: DocPath, data: Record<string, unknown>, fields: string[], scope: string): Problem[] {
  const out: Problem[] = [];
  for (const field of fields) {
    const value = data[field];
    if (Array.isArray(value)) {
      const words = value.map((v) => scalarText(v) ?? '');
      for (const f of debugFlags(words)) {
        out.push({ messageId: f.kind === 'log-level' ? 'cliLogLevel' : 'cliDebug', data: { flag: f.flag, scope }, doc, path: [...base, field, f.index] });
      }
    } else if (typeof value === 'string') {
      for (const f of debugFlags(shellWords(value)))
        out.push({ messageId: f.kind === 'log-level' ? 'cliLogLevel' : 'cliDebug', data: { flag: f.flag, scope }, doc, path: [...base, field] });
    }
  }
  return out;
}

function judge(ctx: RuleContext, target: Target, settings: Setting[], scope: string, extra: Problem[] = []): void {
  const problems = [...problemsOf(settings, scope), ...extra];
  if (problems.length) ctx.fail(target, ...problems);
  else ctx.pass(target);
}

export default defineCheck({
  kinds: ['env', 'compose', 'kubernetes', 'helm-values', 'dockerfile'],
  acrossUnits: [
    "compose services: build context, Dockerfile and target stage (a Dockerfile's stage judged as the image compose builds)",
    "workloads: images and containers that run a Dockerfile's image",
  ],
  check(ctx) {
    const production = (doc: SourceDocument) => ctx.environmentOf(doc) === 'production';

    // E: real env files judged as production; templates only when named for production.
    for (const doc of ctx.project.ofKind<EnvData>('env')) {
      const target = { doc: doc as SourceDocument, path: [], name: 'env file' };
      if (!production(doc as SourceDocument) || (doc.data.template && doc.file.environment !== 'production')) {
        ctx.notApplicable(target, 'not a production file');
        continue;
      }
      // Layering: `.env` + `.env.production` — a key the production file of the same folder sets
      // is decided there, not in the base file.
      let settings = envFileSettings(doc);
      if (doc.file.environment === 'unknown') {
        const dir = posix.dirname(doc.file.path);
        const overlays = ctx.project
          .ofKind<EnvData>('env')
          .filter((o) => o !== doc && !o.data.template && o.file.environment === 'production' && posix.dirname(o.file.path) === dir);
        settings = settings.filter((s) => !overlays.some((o) => Object.prototype.hasOwnProperty.call(o.data.values, s.key)));
      }
      judge(ctx, target, settings, 'this production env file');
    }

    // C: service environments, unless the compose file is a development stack (runs dev servers).
    for (const doc of ctx.project.ofKind('compose')) {
      const services = composeServices(doc);
      const devStack = services.some((s) => {
        const target = scalarText(asDict(s.data.build)?.target);
        return isDevServerCommand(`${commandText(s.data.command)} ${commandText(s.data.entrypoint)}`) || (target !== undefined && DEV_STAGE.test(target));
      });
      for (const s of services) {
        const target = { doc, path: s.path, name: `service ${s.name}` };
        if (!production(doc) || devStack) {
          ctx.notApplicable(target, 'development stack');
          continue;
        }
        // Services of the merged compose models: a production layer's setting replaces the base's.
        judge(ctx, target, composeSettings(s), `service ${s.name}`, commandFlagProblems(doc, s.path, s.data, ['entrypoint', 'command'], `service ${s.name}`));
      }
    }

    // K: container env and ConfigMap data.
    for (const w of workloads(ctx.project)) {
      for (const c of containersOf(w, ['container', 'init'])) {
        const target = { doc: w.doc, path: c.path, name: containerTargetName(c) };
        if (!production(w.doc)) {
          ctx.notApplicable(target, 'not a production file');
          continue;
        }
        judge(ctx, target, containerSettings(ctx.project, c), containerTargetName(c), commandFlagProblems(w.doc, c.path, c.data, ['command', 'args'], containerTargetName(c)));
      }
    }
    for (const o of kubernetesObjects(ctx.project)) {
      if (o.kind !== 'ConfigMap') continue;
      const target = { doc: o.doc, path: o.path, name: `ConfigMap/${o.name}` };
      if (!production(o.doc)) {
        ctx.notApplicable(target, 'not a production file');
        continue;
      }
      judge(ctx, target, configMapSettings(o), `ConfigMap/${o.name}`);
    }

    // H: values files.
    for (const doc of ctx.project.ofKind('helm-values')) {
      const target = { doc, path: [], name: 'values' };
      if (!production(doc)) {
        ctx.notApplicable(target, 'not a production file');
        continue;
      }
      // A component switched off (`profiler: {enabled: false, logLevel: debug}`) does not run.
      const disabledBy = disabledFeatureSwitches(ctx.project, doc, ctx.environmentOf);
      const settings = valuesSettings(ctx.project, doc).filter((s) => !disabledBy(s.path));
      judge(ctx, target, settings, 'production values');
    }

    // D: ENV of the built stage (and the stages it builds on), unless the image runs a dev server:
    // the stages compose builds (`target:`) when compose builds the Dockerfile, else the final one.
    const builtStages = new Map<string, Map<number, DockerStage>>();
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        const b = resolveBuild(ctx.project, s);
        const stage = b?.dockerfile ? finalStage(b.dockerfile.data, b.target) : undefined;
        if (!b?.dockerfile || !stage) continue;
        const byIndex = builtStages.get(b.dockerfile.file.path) ?? new Map<number, DockerStage>();
        byIndex.set(stage.index, stage);
        builtStages.set(b.dockerfile.file.path, byIndex);
      }
    }
    for (const doc of ctx.project.ofKind<DockerfileData>('dockerfile')) {
      const built = builtStages.get(doc.file.path);
      const last = finalStage(doc.data);
      const stages = built ? [...built.values()] : last ? [last] : [];
      for (const stage of stages) {
        const isLast = stage === last;
        const name = isLast ? 'Dockerfile final stage' : `Dockerfile stage ${stage.name ?? stage.index}`;
        const target = { doc: doc as SourceDocument, path: ['stages', stage.index, 'from'], name };
        const chain = stageChain(doc.data, stage);
        const indexes = new Set(chain.flatMap((s) => s.instructions));
        const runs = chain
          .flatMap((s) => s.instructions.map((i) => doc.data.instructions[i]!))
          .filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT')
          .map((i) => execForm(i.argsText))
          .join(' ');
        if (!production(doc as SourceDocument) || isDevServerCommand(runs) || (stage.name && DEV_STAGE.test(stage.name))) {
          ctx.notApplicable(target, 'development image');
          continue;
        }
        const settings = dockerfileSettings(doc).filter((s) => s.source === 'dockerfile-env' && indexes.has(Number(s.path[1])));
        judge(ctx, target, settings, isLast ? 'the final image' : `the built stage \`${stage.name ?? stage.index}\``);
      }
    }
  },
});
