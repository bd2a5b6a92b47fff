import { defineCheck } from '../../src/engine/api.js';
import type { DocPath, DockerfileData, SourceDocument } from '../../src/model/types.js';
import { containersOf, containerTargetName, servicesSelecting, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { composeServices, resolveBuild, serviceRole } from '../../src/knowledge/compose/compose.js';
import { effectiveHealthcheck, finalStage, runsInteractivePrompt, stageFromPath } from '../../src/knowledge/dockerfile/dockerfile.js';
import { imageDeclaresHealthcheck, isPauseImage } from '../../src/knowledge/containers/images.js';
import { isBaseImageDockerfile, kubernetesRunsDockerfile } from '../../src/knowledge/dockerfile/dockerfile-deployment.js';
import { asArray, asDict, isTruthy, scalarText } from '../../src/knowledge/data/values.js';
import { ecsContainers, ecsEssential, ecsField, PLATFORM_NAMES, platformBuildingDockerfile, platformServices } from '../../src/knowledge/platforms/platforms.js';

/** Where each platform declares a health check, for the message. */
const PLATFORM_HEALTH: Record<string, string> = {
  render: '`healthCheckPath`',
  fly: '`[[http_service.checks]]` (or `[[services.http_checks]]`)',
  railway: '`deploy.healthcheckPath`',
};

function sameProbe(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A container that only keeps the pod alive: `sleep infinity`, `tail -f /dev/null`, directly or
 * through `sh -c` (the main container of an image-puller DaemonSet whose work is in its init
 * containers).
 */
function isKeepAlive(command: unknown, args: unknown): boolean {
  const words = [...asArray(command), ...asArray(args)].map((w) => scalarText(w) ?? '');
  if (words.length === 0) return false;
  let text = words.join(' ').trim();
  const shell = /^(\/(usr\/)?bin\/)?(sh|bash|ash|dash)\s+-c\s+(.*)$/s.exec(text);
  if (shell)
    text = shell[4]!
      .trim()
      .replace(/^["']|["']$/g, '')
      .replace(/^exec\s+/, '');
  return /^(\/(usr\/)?bin\/)?sleep\s+(infinity|inf|\d{5,})$/.test(text) || /^(\/(usr\/)?bin\/)?tail\s+-f\s+\/dev\/null$/.test(text);
}

function composeHealthcheckDisabled(hc: unknown): boolean {
  const d = asDict(hc);
  if (!d) return false;
  if (isTruthy(d.disable)) return true;
  const test = d.test;
  if (Array.isArray(test)) return scalarText(test[0])?.toUpperCase() === 'NONE';
  return scalarText(test)?.toUpperCase() === 'NONE';
}

export default defineCheck({
  kinds: ['kubernetes', 'compose', 'dockerfile', 'platform'],
  acrossUnits: [
    'Dockerfiles: HEALTHCHECK of the final stage and whether a workload, compose service or platform builds and runs them',
    'Services: selectors and namespaces (a workload that serves traffic)',
  ],
  check(ctx) {
    // K: long-running workloads; readiness where a Service targets the pods.
    for (const w of workloads(ctx.project)) {
      // Readiness gates Service endpoints; a Service publishing not-ready addresses (StatefulSet
      // peer discovery) does not use it.
      const routed = servicesSelecting(ctx.project, w).some((svc) => !isTruthy(asDict(svc.data.spec)?.publishNotReadyAddresses));
      for (const c of containersOf(w, ['container', 'init'])) {
        const target = { doc: w.doc, path: c.path, name: containerTargetName(c) };
        if (w.batch) {
          ctx.notApplicable(target, `${w.kind} runs to completion`);
          continue;
        }
        if (c.role === 'init' && !c.sidecar) {
          ctx.notApplicable(target, 'init containers run to completion');
          continue;
        }
        if (c.sidecar) {
          ctx.notApplicable(target, 'native sidecar');
          continue;
        }
        const image = scalarText(c.data.image);
        if ((image && isPauseImage(image)) || isKeepAlive(c.data.command, c.data.args)) {
          ctx.notApplicable(target, 'keep-alive container (pause image, `sleep infinity`): nothing runs to probe');
          continue;
        }
        const problems = [];
        const liveness = c.data.livenessProbe;
        const readiness = c.data.readinessProbe;
        if (liveness === undefined || liveness === null) {
          problems.push({ messageId: 'missingLiveness', data: { container: c.name }, path: [...c.path, 'livenessProbe'] as DocPath });
        }
        if (routed && (readiness === undefined || readiness === null)) {
          problems.push({ messageId: 'missingReadiness', data: { container: c.name }, path: [...c.path, 'readinessProbe'] as DocPath });
        }
        if (liveness && readiness && sameProbe(liveness, readiness)) {
          problems.push({
            messageId: 'identicalProbes',
            data: { container: c.name },
            path: [...c.path, 'livenessProbe'] as DocPath,
            key: true,
            severity: 'warning' as const,
          });
        }
        if (problems.length) ctx.fail(target, ...problems);
        else ctx.pass(target);
      }
    }

    // C: `healthcheck:` for long-running services, or the HEALTHCHECK of the image it builds.
    const builtByCompose = new Set<string>();
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        const target = { doc, path: s.path, name: `service ${s.name}` };
        const build = resolveBuild(ctx.project, s);
        if (build?.dockerfile) builtByCompose.add(build.dockerfile.file.path);
        const role = serviceRole(s, ctx.environmentOf(doc));
        if (role.role === 'job') {
          ctx.notApplicable(target, `job: ${role.reason}`);
          continue;
        }
        const hc = s.data.healthcheck;
        const hcPath: DocPath = [...s.path, 'healthcheck'];
        if (hc !== undefined && hc !== null) {
          if (composeHealthcheckDisabled(hc)) {
            const d = asDict(hc)!;
            const at: DocPath = isTruthy(d.disable) ? [...hcPath, 'disable'] : Array.isArray(d.test) ? [...hcPath, 'test', 0] : [...hcPath, 'test'];
            ctx.fail(target, { messageId: 'composeDisabled', data: { service: s.name }, path: at });
          } else ctx.pass(target);
          continue;
        }
        // A target the Dockerfile has no stage for: nothing is known of the image, only of the service.
        const builtStage = build?.dockerfile ? finalStage(build.dockerfile.data, build.target) : undefined;
        if (build?.dockerfile && builtStage) {
          const stage = builtStage;
          const eff = effectiveHealthcheck(build.dockerfile.data, stage);
          if (eff.status === 'present') {
            ctx.pass(target);
            continue;
          }
          ctx.fail(target, {
            messageId: 'composeMissingBuild',
            data: { service: s.name, dockerfile: build.dockerfile.file.path },
            path: hcPath,
            related: [
              {
                doc: build.dockerfile as SourceDocument,
                path: eff.path ?? stageFromPath(stage),
                message: eff.status === 'disabled' ? 'the Dockerfile disables its HEALTHCHECK here' : 'the built Dockerfile has no HEALTHCHECK either',
              },
            ],
          });
          continue;
        }
        const image = scalarText(s.data.image);
        if (image && imageDeclaresHealthcheck(image)) {
          ctx.pass(target); // the image's own HEALTHCHECK runs
          continue;
        }
        ctx.fail(target, { messageId: 'composeMissing', data: { service: s.name }, path: hcPath });
      }
    }

    // P: platform services that serve traffic, and essential ECS containers.
    for (const s of platformServices(ctx.project)) {
      if (!s.health) continue; // workers, cron jobs, static sites: the platform has no check for them
      const target = { doc: s.doc, path: s.path, name: s.name };
      if (s.health.present) ctx.pass(target);
      else
        ctx.fail(target, {
          messageId: 'platformMissing',
          data: { target: s.name, platform: PLATFORM_NAMES[s.platform], field: PLATFORM_HEALTH[s.platform] ?? 'a health check' },
          path: s.health.path,
        });
    }
    for (const c of ecsContainers(ctx.project)) {
      const target = { doc: c.doc, path: c.path, name: c.name };
      if (!ecsEssential(c)) {
        ctx.notApplicable(target, 'not essential: the task goes on without it');
        continue;
      }
      if (asDict(ecsField(c, 'healthCheck').value)) ctx.pass(target);
      else ctx.fail(target, { messageId: 'ecsMissing', data: { container: c.containerName }, path: c.path });
    }

    // D: HEALTHCHECK for images run by compose or plain Docker (Kubernetes ignores it), decided per
    // Dockerfile: a Kubernetes file elsewhere in the project says nothing about this image.
    for (const doc of ctx.project.ofKind<DockerfileData>('dockerfile')) {
      const stage = finalStage(doc.data);
      if (!stage) continue;
      const target = { doc: doc as SourceDocument, path: stageFromPath(stage), name: 'Dockerfile final stage' };
      const eff = effectiveHealthcheck(doc.data, stage);
      if (eff.status === 'present') {
        ctx.pass(target);
        continue;
      }
      const platform = platformBuildingDockerfile(ctx.project, doc.file.path);
      if (platform) {
        ctx.notApplicable(target, `${platform}, whose own health check replaces HEALTHCHECK`);
        continue;
      }
      if (builtByCompose.has(doc.file.path)) {
        ctx.notApplicable(target, 'judged on the compose service that builds it');
        continue;
      }
      if (eff.status === 'disabled') {
        ctx.fail(target, { messageId: 'dockerfileDisabled', path: eff.path });
        continue;
      }
      if (isBaseImageDockerfile(doc.data)) {
        ctx.notApplicable(target, 'base image (ONBUILD): the images built from it run');
        continue;
      }
      if (runsInteractivePrompt(doc.data, stage)) {
        ctx.notApplicable(target, 'its command is a bare interpreter or shell: a base image, not a service');
        continue;
      }
      const kubernetes = kubernetesRunsDockerfile(ctx.project, doc);
      if (kubernetes) {
        ctx.notApplicable(target, `${kubernetes}; Kubernetes ignores HEALTHCHECK`);
        continue;
      }
      ctx.fail(target, { messageId: 'dockerfileMissing', path: stageFromPath(stage) });
    }
  },
});
