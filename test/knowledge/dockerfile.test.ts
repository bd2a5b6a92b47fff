import { describe, expect, it } from 'vitest';
import type { DockerfileData } from '../../src/model/types.js';
import { effectiveCommand, effectiveHealthcheck, effectiveUser, finalStage, isRootUser, runsInteractivePrompt, signalProblem } from '../../src/knowledge/dockerfile/dockerfile.js';
import { projectOf } from './helpers.js';

function dockerfile(text: string): DockerfileData {
  return projectOf([{ path: 'Dockerfile', kind: 'dockerfile', text }]).ofKind<DockerfileData>('dockerfile')[0]!.data;
}

describe('isRootUser', () => {
  it.each([
    ['root', true],
    ['0', true],
    ['root:root', true],
    ['0:0', true],
    ['ROOT', true],
    ['1000', false],
    ['1000:0', false],
    ['app', false],
    ['${UID}', false],
    ['ContainerAdministrator', true],
    ['ContainerUser', false],
    ['"0"', true],
  ])('%s → %s', (u, expected) => expect(isRootUser(u)).toBe(expected));
});

describe('effective USER and HEALTHCHECK', () => {
  it.each([
    ['FROM node:20\nUSER node\n', 'non-root', 'node'],
    ['FROM node:20\nUSER node\nUSER root\n', 'root', 'root'],
    ['FROM node:20\n', 'unset', undefined],
    ['FROM node:20 AS base\nUSER 1000\nFROM base\nRUN true\n', 'non-root', '1000'],
    ['FROM node:20 AS build\nUSER 1000\nFROM node:20-slim\n', 'unset', undefined],
    ['FROM gcr.io/distroless/static:nonroot\n', 'image-non-root', undefined],
    ['FROM node:20\nUSER 0:0\n', 'root', '0:0'],
  ])('%j → %s', (text, status, user) => {
    const data = dockerfile(text);
    const eff = effectiveUser(data, finalStage(data)!);
    expect([eff.status, eff.user]).toEqual([status, user]);
  });
  it('points at the USER argument', () => {
    const data = dockerfile('FROM node:20\nRUN true\nUSER app\n');
    expect(effectiveUser(data, finalStage(data)!).path).toEqual(['instructions', 2, 'arguments', 0]);
  });
  it.each([
    ['FROM node:20\nHEALTHCHECK CMD curl -f http://localhost/\n', 'present'],
    ['FROM node:20\nHEALTHCHECK CMD true\nHEALTHCHECK NONE\n', 'disabled'],
    ['FROM node:20\n', 'absent'],
    ['FROM node:20 AS base\nHEALTHCHECK CMD true\nFROM base\n', 'present'],
  ])('%j → %s', (text, status) => {
    const data = dockerfile(text);
    expect(effectiveHealthcheck(data, finalStage(data)!).status).toBe(status);
  });
  it('uses the compose target stage when named', () => {
    const data = dockerfile('FROM node:20 AS dev\nUSER root\nFROM node:20 AS prod\nUSER node\n');
    expect(finalStage(data)!.name).toBe('prod');
    expect(finalStage(data, 'dev')!.name).toBe('dev');
    // A target the Dockerfile lacks is not the last stage: the build would fail (issue 15 item 7).
    expect(finalStage(data, 'missing')).toBeUndefined();
  });
});

describe('effective command and interactive base images', () => {
  it('follows the stage chain: CMD from the stage built on, ENTRYPOINT from the final stage', () => {
    const data = dockerfile('FROM debian:12 AS base\nCMD ["python3"]\nFROM base\nENTRYPOINT ["tini", "--"]\n');
    expect(effectiveCommand(data, finalStage(data)!)).toEqual({ entrypoint: ['tini', '--'], cmd: ['python3'] });
  });

  it.each([
    ['FROM debian:12\nCMD ["python3"]\n', true],
    ['FROM debian:12\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["node"]\n', true],
    ['FROM debian:12\nCMD bash\n', true],
    ['FROM debian:12\nCMD ["/usr/local/bin/python3.12"]\n', true],
    ['FROM debian:12\nCMD ["python3", "app.py"]\n', false],
    ['FROM debian:12\nCMD ["redis-server"]\n', false],
    ['FROM debian:12\nENTRYPOINT ["gunicorn"]\nCMD ["python3"]\n', false],
    ['FROM debian:12\nENTRYPOINT ["docker-entrypoint.sh", "--serve"]\nCMD ["sh"]\n', false],
    ['FROM python:3.12\n', false],
  ])('%j → %s', (text, expected) => {
    const data = dockerfile(text);
    expect(runsInteractivePrompt(data, finalStage(data)!)).toBe(expected);
  });
});

describe('signalProblem: is a shell PID 1?', () => {
  it.each([
    ['FROM node:20\nCMD npm start\n', 'shell-form'],
    ['FROM node:20\nENTRYPOINT npm start\n', 'shell-form'],
    ['FROM node:20\nCMD ["sh", "-c", "npm run migrate && npm start"]\n', 'shell-wrapper'],
    ['FROM node:20\nCMD ["/bin/bash", "-ec", "npm run migrate; npm start > /var/log/app.log"]\n', 'shell-wrapper'],
    ['FROM node:20\nCMD ["/bin/bash", "-ec", "npm run migrate; npm start"]\n', undefined],
    ['FROM node:20\nCMD ["/bin/bash", "-c", "npm start & npm run worker & wait"]\n', 'shell-wrapper'],
    ['FROM node:20\nENTRYPOINT ["/entrypoint.sh"]\nCMD npm start\n', 'shell-form-cmd-to-entrypoint'],
    ['FROM node:20\nCMD ["sh", "-c", "npm start"]\n', 'shell-wrapper'],
    ['FROM node:20\nCMD ["node", "server.js"]\n', undefined],
    ['FROM node:20\nCMD exec node server.js\n', undefined],
    ['FROM node:20\nCMD cd /app && exec node server.js\n', undefined],
    ['FROM node:20\nCMD ["sh", "-c", "npm run migrate && exec npm start"]\n', undefined],
    ['FROM node:20\nCMD ["bash", "-c", "/opt/start.sh"]\n', undefined],
    ['FROM node:20\nSHELL ["/bin/bash", "-c"]\nCMD /opt/start.sh --port 80\n', undefined],
    ['FROM node:20\nENTRYPOINT ["tini", "--"]\nCMD npm start\n', undefined],
    ['FROM node:20\nENTRYPOINT ["/usr/bin/dumb-init", "--"]\nCMD ["sh", "-c", "npm start"]\n', undefined],
    ['FROM node:20\nENTRYPOINT ["/init"]\n', undefined],
    ['FROM node:20\nRUN true\n', undefined],
  ])('%j → %s', (text, kind) => {
    const data = dockerfile(text);
    expect(signalProblem(data, finalStage(data)!)?.kind).toBe(kind);
  });

  it('points at the instruction that makes the shell PID 1', () => {
    const data = dockerfile('FROM node:20 AS base\nCMD npm start\nFROM base\nEXPOSE 3000\n');
    expect(signalProblem(data, finalStage(data)!)).toMatchObject({ keyword: 'CMD', index: 1 });
  });
});
