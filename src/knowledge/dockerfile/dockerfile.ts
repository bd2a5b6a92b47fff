// Dockerfile knowledge: the final (or target) stage, the effective USER and HEALTHCHECK of a stage
// (following `FROM <earlier stage>` chains), and user-name semantics.

import type { DocPath, DockerfileData, DockerInstruction, DockerStage } from '../../model/types.js';
import { isKnownNonRootImage } from '../containers/image-users.js';

/**
 * The stage that is built: the named `target` when given (compose `build.target`), else the last
 * one. Undefined when the Dockerfile has no stage of that name: the build would fail, and the last
 * stage is not what it asked for.
 */
export function finalStage(data: DockerfileData, target?: string): DockerStage | undefined {
  if (target) {
    const t = target.toLowerCase();
    return data.stages.find((s) => s.name === t);
  }
  return data.stages[data.stages.length - 1];
}

/** Instructions of one stage (FROM excluded) with their index in data.instructions. */
export function stageInstructions(data: DockerfileData, stage: DockerStage, keyword?: string): { instruction: DockerInstruction; index: number }[] {
  return stage.instructions
    .filter((i) => i !== stage.fromInstruction)
    .map((index) => ({ instruction: data.instructions[index]!, index }))
    .filter((x) => x.instruction && (!keyword || x.instruction.keyword === keyword));
}

/** The chain of stages a stage builds on: itself, then the stage its FROM names, and so on. */
export function stageChain(data: DockerfileData, stage: DockerStage): DockerStage[] {
  const chain: DockerStage[] = [];
  const seen = new Set<number>();
  let cur: DockerStage | undefined = stage;
  while (cur && !seen.has(cur.index)) {
    chain.push(cur);
    seen.add(cur.index);
    cur = cur.fromStage !== undefined ? data.stages[cur.fromStage] : undefined;
  }
  return chain;
}

/** True when a user spec (`root`, `0`, `root:root`, `0:0`, `0:1000`, Windows `ContainerAdministrator`) names the root user. */
export function isRootUser(spec: string): boolean {
  const user = spec
    .trim()
    .replace(/^["']|["']$/g, '')
    .split(':')[0]!
    .trim()
    .toLowerCase();
  return user === 'root' || user === '0' || user === 'containeradministrator';
}

type UserStatus =
  | 'root' // USER names root
  | 'non-root' // USER names another user (or a variable, given the benefit of the doubt)
  | 'image-non-root' // no USER, but the base image is known to run as non-root
  | 'unset'; // no USER anywhere in the chain: the base image's user, root for most images

interface EffectiveUser {
  status: UserStatus;
  /** The USER value as written. */
  user?: string;
  /** Path of the USER argument (['instructions', i, 'arguments', 0]). */
  path?: DocPath;
  /** The stage the effective user came from. */
  stage: DockerStage;
}

/** The user a stage's container runs as: the last USER in the stage or the stages it builds on. */
export function effectiveUser(data: DockerfileData, stage: DockerStage): EffectiveUser {
  const chain = stageChain(data, stage);
  for (const s of chain) {
    const users = stageInstructions(data, s, 'USER');
    const last = users[users.length - 1];
    if (last) {
      const user = (last.instruction.arguments[0]?.value ?? last.instruction.argsText).trim();
      return {
        status: isRootUser(user) ? 'root' : 'non-root',
        user,
        path: ['instructions', last.index, 'arguments', 0],
        stage: s,
      };
    }
  }
  const base = chain[chain.length - 1]!;
  if (base.fromStage === undefined && isKnownNonRootImage(base.image)) return { status: 'image-non-root', stage: base };
  return { status: 'unset', stage };
}

type HealthcheckStatus = 'present' | 'disabled' | 'absent';

interface EffectiveHealthcheck {
  status: HealthcheckStatus;
  /** Path of the HEALTHCHECK instruction, when there is one. */
  path?: DocPath;
}

/** The stage's effective HEALTHCHECK: the last one in the stage or the stages it builds on; `HEALTHCHECK NONE` disables. */
export function effectiveHealthcheck(data: DockerfileData, stage: DockerStage): EffectiveHealthcheck {
  for (const s of stageChain(data, stage)) {
    const checks = stageInstructions(data, s, 'HEALTHCHECK');
    const last = checks[checks.length - 1];
    if (last) {
      const args = last.instruction.argsText.trim();
      const disabled = /^none$/i.test(args) || /^NONE$/i.test(last.instruction.arguments[0]?.value ?? '');
      return { status: disabled ? 'disabled' : 'present', path: ['instructions', last.index] };
    }
  }
  return { status: 'absent' };
}

/** Path of a stage's FROM instruction, for findings about a stage as a whole. */
export function stageFromPath(stage: DockerStage): DocPath {
  return ['stages', stage.index, 'from'];
}

/**
 * The arguments of an instruction written in exec form (`["python3", "app.py"]`), or undefined
 * for the shell form: Docker reads the exec form only when it is a JSON array of strings.
 */
export function execFormArgs(argsText: string): string[] | undefined {
  const text = argsText.trim();
  if (!text.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.every((a) => typeof a === 'string')) return parsed as string[];
  } catch {
    // Not valid JSON: Docker runs it in a shell, as the shell form.
  }
  return undefined;
}

/** A CMD or ENTRYPOINT as argv: the exec form's array, or the shell form split on blanks. */
function commandArgv(instruction: DockerInstruction): string[] {
  return execFormArgs(instruction.argsText) ?? instruction.argsText.trim().split(/\s+/).filter(Boolean);
}

/**
 * The stage's effective ENTRYPOINT and CMD, each the last one in the stage or the stages it builds
 * on. Undefined when the Dockerfile does not set it (it may come from an external base image).
 */
export function effectiveCommand(data: DockerfileData, stage: DockerStage): { entrypoint?: string[]; cmd?: string[] } {
  const found: { entrypoint?: string[]; cmd?: string[] } = {};
  for (const s of stageChain(data, stage)) {
    for (const keyword of ['ENTRYPOINT', 'CMD'] as const) {
      const key = keyword === 'CMD' ? 'cmd' : 'entrypoint';
      if (found[key]) continue;
      const all = stageInstructions(data, s, keyword);
      const last = all[all.length - 1];
      if (last) found[key] = commandArgv(last.instruction);
    }
  }
  return found;
}

// Interpreters and shells that, started without a script, wait for a user at a prompt.
const INTERACTIVE = /^(?:python(?:\d+(?:\.\d+)*)?|pypy3?|node|bun|deno|ruby|irb|php|jshell|ghci|iex|erl|julia|R|pwsh|(?:ba|z|a|da|k)?sh)$/;

/**
 * True when the image's command is a bare interpreter or shell (`CMD ["python3"]`, `CMD bash`),
 * possibly behind an entrypoint wrapper script: a language or tooling base image that others build
 * on, not a service with health to check.
 */
export function runsInteractivePrompt(data: DockerfileData, stage: DockerStage): boolean {
  const { entrypoint, cmd } = effectiveCommand(data, stage);
  if (entrypoint && entrypoint.length > 0) {
    // Official images wrap CMD in an entrypoint script (docker-entrypoint.sh, docker-php-entrypoint).
    const name = entrypoint[0]!.split('/').pop()!;
    if (entrypoint.length > 1 || !/entrypoint/i.test(name)) return false;
  }
  if (!cmd || cmd.length !== 1) return false;
  return INTERACTIVE.test(cmd[0]!.split('/').pop()!);
}

/** The last instruction of a keyword in the stage or the stages it builds on, with its index. */
function effectiveInstruction(data: DockerfileData, stage: DockerStage, keyword: string): { instruction: DockerInstruction; index: number } | undefined {
  for (const s of stageChain(data, stage)) {
    const all = stageInstructions(data, s, keyword);
    if (all.length > 0) return all[all.length - 1];
  }
  return undefined;
}

/** Does the stage (or a stage it builds on) `EXPOSE` a port: an image meant to serve traffic? */
export function stageExposesPort(data: DockerfileData, stage: DockerStage): boolean {
  return effectiveInstruction(data, stage, 'EXPOSE') !== undefined;
}

// Programs made to be PID 1: they reap zombies and forward signals (`docker run --init` is tini).
const INIT_PROGRAMS = /^(?:tini(?:-static)?|dumb-init|docker-init|catatonit|s6-svscan)$/;
const SHELLS = /^(?:sh|bash|ash|dash|zsh|ksh|mksh)$/;

/** Does a shell script end by `exec`-ing its last command (`cd /app && exec node server.js`)? */
function endsWithExec(script: string): boolean {
  const commands = script
    .split(/&&|\|\||;|\n/)
    .map((c) => c.trim())
    .filter(Boolean);
  return /^exec\s/.test(commands[commands.length - 1] ?? '');
}

/**
 * bash runs the last command of a `-c` script in place of itself when it is a simple command (no
 * pipe, background job or redirection; bash 5.1+ does so after any list, older bash for a lone
 * command): `bash -c "/opt/start.sh"` makes the script PID 1. dash, Debian's and Ubuntu's
 * `/bin/sh`, does not: it forks and stays PID 1.
 */
function bashExecsInPlace(shell: string, script: string): boolean {
  if (!/^bash$/.test(shell.split('/').pop()!)) return false;
  const commands = script
    .split(/&&|\|\||;|\n/)
    .map((c) => c.trim())
    .filter(Boolean);
  const last = commands[commands.length - 1] ?? '';
  return last !== '' && !/[&|<>]/.test(last) && !/^(fi|done|esac|wait|[})])\b/.test(last);
}

/**
 * The shell of an argv that wraps a script in `sh -c` (`["sh", "-c", "node server.js"]`) without
 * `exec`-ing its last command: the shell stays PID 1 and does not forward SIGTERM.
 */
export function shellWrapperWithoutExec(argv: readonly string[]): string | undefined {
  const program = (argv[0] ?? '').split('/').pop()!;
  if (!SHELLS.test(program) || argv.length < 3 || !/^-[a-z]*c[a-z]*$/.test(argv[1]!)) return undefined;
  return endsWithExec(argv[2]!) || bashExecsInPlace(program, argv[2]!) ? undefined : argv[0];
}

type SignalProblemKind =
  | 'shell-form' // `CMD node server.js`: Docker runs `/bin/sh -c`, the shell is PID 1
  | 'shell-wrapper' // `CMD ["sh", "-c", "node server.js"]`: the same, written out
  | 'shell-form-cmd-to-entrypoint'; // exec-form ENTRYPOINT handed a shell-form CMD (`/bin/sh -c …` as its arguments)

interface SignalProblem {
  kind: SignalProblemKind;
  keyword: 'CMD' | 'ENTRYPOINT';
  /** Index of the instruction in data.instructions. */
  index: number;
  shell?: string;
}

/**
 * Why SIGTERM (sent to PID 1 on `docker stop` and pod termination) would not reach the server the
 * stage runs: a shell that is PID 1 does not forward signals to its child. Undefined when the
 * command is in exec form, `exec`s the server, starts under an init (tini, dumb-init), or is not
 * set in this Dockerfile (it comes from the base image).
 */
export function signalProblem(data: DockerfileData, stage: DockerStage): SignalProblem | undefined {
  const entrypoint = effectiveInstruction(data, stage, 'ENTRYPOINT');
  const cmd = effectiveInstruction(data, stage, 'CMD');
  const judge = (found: { instruction: DockerInstruction; index: number }, keyword: 'CMD' | 'ENTRYPOINT'): SignalProblem | 'init' | undefined => {
    const text = found.instruction.argsText.trim();
    const argv = execFormArgs(text);
    if (!argv) {
      // Shell form runs under the stage's SHELL (`/bin/sh -c` unless a SHELL instruction says otherwise).
      const shell = execFormArgs(effectiveInstruction(data, stage, 'SHELL')?.instruction.argsText ?? '')?.[0] ?? '/bin/sh';
      if (text === '' || endsWithExec(text) || bashExecsInPlace(shell, text)) return undefined;
      return { kind: 'shell-form', keyword, index: found.index };
    }
    const program = (argv[0] ?? '').split('/').pop()!;
    if (INIT_PROGRAMS.test(program) || argv[0] === '/init') return 'init';
    const shell = shellWrapperWithoutExec(argv);
    return shell ? { kind: 'shell-wrapper', keyword, index: found.index, shell } : undefined;
  };
  if (entrypoint) {
    const verdict = judge(entrypoint, 'ENTRYPOINT');
    if (verdict === 'init' || verdict) return verdict === 'init' ? undefined : verdict;
    // An exec-form ENTRYPOINT receives CMD as arguments: a shell-form CMD arrives as `/bin/sh -c …`
    // (and a `sh -c` wrapper as itself), which the usual `exec "$@"` of an entrypoint script then
    // makes PID 1.
    if (!execFormArgs(entrypoint.instruction.argsText.trim()) || !cmd) return undefined;
    const onCmd = judge(cmd, 'CMD');
    if (!onCmd || onCmd === 'init') return undefined;
    return onCmd.kind === 'shell-form' ? { ...onCmd, kind: 'shell-form-cmd-to-entrypoint' } : onCmd;
  }
  if (!cmd) return undefined;
  const verdict = judge(cmd, 'CMD');
  return verdict === 'init' ? undefined : verdict;
}
