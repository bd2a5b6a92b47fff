import { defineCheck, type RuleContext } from '../../src/engine/api.js';
import type { DocPath, DockerfileData, DockerStage, SourceDocument } from '../../src/model/types.js';
import { workloadTargetName } from '../../src/knowledge/kubernetes/availability.js';
import { containersOf, containerTargetName, servicesSelecting, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { composeServices, resolveBuild } from '../../src/knowledge/compose/compose.js';
import { effectiveCommand, finalStage, shellWrapperWithoutExec, signalProblem, stageExposesPort, stageFromPath } from '../../src/knowledge/dockerfile/dockerfile.js';
import { isBaseImageDockerfile } from '../../src/knowledge/dockerfile/dockerfile-deployment.js';
import { asArray, asDict, isTruthy, scalarText } from '../../src/knowledge/data/values.js';

/** How compose runs one stage of a Dockerfile: does any service publish it, does every one run it under an init? */
interface ComposeRun {
  stage: DockerStage;
  publishes: boolean;
  allInit: boolean;
}

function composeRuns(ctx: RuleContext): Map<string, Map<number, ComposeRun>> {
  const runs = new Map<string, Map<number, ComposeRun>>();
  for (const doc of ctx.project.ofKind('compose')) {
    for (const s of composeServices(doc)) {
      const build = resolveBuild(ctx.project, s);
      const df = build?.dockerfile;
      const stage = df ? finalStage(df.data, build.target) : undefined;
      if (!df || !stage) continue;
      const byStage = runs.get(df.file.path) ?? new Map<number, ComposeRun>();
      runs.set(df.file.path, byStage);
      const run = byStage.get(stage.index) ?? { stage, publishes: false, allInit: true };
      byStage.set(stage.index, run);
      if (asArray(s.data.ports).length > 0 || asArray(s.data.expose).length > 0) run.publishes = true;
      if (!isTruthy(s.data.init)) run.allInit = false;
    }
  }
  return runs;
}

const SIGNAL_MESSAGES = {
  'shell-form': 'signalShellForm',
  'shell-wrapper': 'signalShellWrapper',
  'shell-form-cmd-to-entrypoint': 'signalShellCmdToEntrypoint',
} as const;

export default defineCheck({
  kinds: ['kubernetes', 'dockerfile', 'compose'],
  acrossUnits: [
    'Dockerfiles: final stage command, STOPSIGNAL and exposed ports, by path (the image a workload or compose service runs)',
    'Services: selectors and namespaces (a workload that serves traffic)',
  ],
  check(ctx) {
    for (const w of workloads(ctx.project)) {
      const grace = w.podSpec.terminationGracePeriodSeconds;
      const gracePath: DocPath = [...w.podSpecPath, 'terminationGracePeriodSeconds'];
      // Pods a Service routes to serve traffic: their main process must see SIGTERM.
      const routed = !w.batch && servicesSelecting(ctx.project, w).length > 0;
      for (const c of containersOf(w)) {
        const target = { doc: w.doc, path: c.path, name: containerTargetName(c) };
        if (w.batch) {
          ctx.notApplicable(target, `${w.kind} runs to completion`);
          continue;
        }
        if (routed) judgeContainerCommand(ctx, { doc: w.doc, path: c.path, name: `${containerTargetName(c)} command` }, c.data.command, c.data.args, c.path);
        if (grace === 0 || grace === '0') {
          ctx.fail(target, { messageId: 'zero', data: { workload: workloadTargetName(w) }, path: gracePath });
          continue;
        }
        const preStop = asDict(asDict(c.data.lifecycle)?.preStop);
        if (preStop || (grace !== undefined && grace !== null)) ctx.pass(target);
        else {
          ctx.fail(target, {
            messageId: 'missing',
            data: { container: c.name, workload: workloadTargetName(w) },
            path: [...c.path, 'lifecycle', 'preStop'],
          });
        }
      }
    }

    // D: the command of an image that serves traffic reaches the server as PID 1 (exec form, `exec`,
    // or an init in front). Judged on the stage compose builds (its `target:`), else the final stage.
    const runs = composeRuns(ctx);
    for (const doc of ctx.project.ofKind<DockerfileData>('dockerfile')) {
      const built = runs.get(doc.file.path);
      const stages = built ? [...built.values()].map((r) => r.stage) : [finalStage(doc.data)].filter((s): s is DockerStage => !!s);
      for (const stage of stages) {
        const last = stage.index === doc.data.stages.length - 1;
        const name = last ? 'Dockerfile final stage command' : `Dockerfile stage ${stage.name ?? stage.index} command`;
        const target = { doc: doc as SourceDocument, path: stageFromPath(stage), name };
        const run = built?.get(stage.index);
        if (isBaseImageDockerfile(doc.data)) {
          ctx.notApplicable(target, 'base image (ONBUILD): the images built from it run');
          continue;
        }
        const { entrypoint, cmd } = effectiveCommand(doc.data, stage);
        if (!entrypoint && !cmd) {
          ctx.notApplicable(target, 'its command comes from the base image');
          continue;
        }
        if (!stageExposesPort(doc.data, stage) && !run?.publishes) {
          ctx.notApplicable(target, 'serves no traffic: no EXPOSE, and no compose service publishes it');
          continue;
        }
        if (run?.allInit) {
          ctx.pass(target); // `init: true`: docker-init (tini) is PID 1 and forwards signals
          continue;
        }
        const problem = signalProblem(doc.data, stage);
        if (!problem) {
          ctx.pass(target);
          continue;
        }
        ctx.fail(target, {
          messageId: SIGNAL_MESSAGES[problem.kind],
          data: { keyword: problem.keyword, shell: problem.shell ?? 'sh' },
          path: ['instructions', problem.index],
          severity: 'warning',
        });
      }
    }
  },
});

/** A container whose `command`/`args` wrap the server in `sh -c` without `exec`. */
function judgeContainerCommand(ctx: RuleContext, target: { doc: SourceDocument; path: DocPath; name: string }, command: unknown, args: unknown, containerPath: DocPath): void {
  const commandWords = asArray(command).map((w) => scalarText(w) ?? '');
  const argWords = asArray(args).map((w) => scalarText(w) ?? '');
  if (commandWords.length === 0) {
    ctx.notApplicable(target, 'runs the image command');
    return;
  }
  const shell = shellWrapperWithoutExec([...commandWords, ...argWords]);
  if (!shell) {
    ctx.pass(target);
    return;
  }
  ctx.fail(target, {
    messageId: 'signalContainerShell',
    data: { shell },
    path: [...containerPath, 'command'],
    severity: 'warning',
  });
}
