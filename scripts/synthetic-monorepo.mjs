// A generated monorepo for the benchmark: services with Kubernetes manifests, a Helm chart, compose
// files, Dockerfiles and env files, in realistic proportions and with a few realistic mistakes.
// Deterministic: the same count gives the same tree.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILES_PER_SERVICE = 10;

export function generateMonorepo(dir, targetFiles) {
  const services = Math.ceil(targetFiles / FILES_PER_SERVICE);
  let count = 0;
  const write = (path, text) => {
    const full = join(dir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, text);
    count++;
  };
  for (let i = 0; i < services; i++) {
    const name = `svc-${String(i).padStart(5, '0')}`;
    const base = `services/${name}`;
    const bad = i % 7 === 0;
    write(
      `${base}/Dockerfile`,
      `FROM node:${bad ? 'latest' : '22.11-alpine'}\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci --omit=dev\nCOPY . .\n${bad ? '' : 'USER node\nHEALTHCHECK CMD wget -qO- http://localhost:8080/healthz || exit 1\n'}CMD ["node", "server.js"]\n`,
    );
    write(`${base}/.dockerignore`, 'node_modules\n.env*\n');
    write(
      `${base}/docker-compose.yml`,
      `services:\n  ${name}:\n    build: .\n    ports:\n      - "8080:8080"\n    environment:\n      LOG_LEVEL: info\n      CORS_ALLOWED_ORIGINS: "${bad ? '*' : 'https://app.example.com'}"\n    restart: unless-stopped\n    mem_limit: 512m\n  db:\n    image: postgres:16.4\n    volumes:\n      - db-data:/var/lib/postgresql/data\nvolumes:\n  db-data:\n`,
    );
    write(`${base}/.env.example`, `DATABASE_URL=postgres://user:changeme@db:5432/app\nJWT_SECRET=<generate>\nLOG_LEVEL=info\n`);
    write(`${base}/k8s/deployment.yaml`, deployment(name, bad));
    write(
      `${base}/k8s/service.yaml`,
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n    - port: 80\n      targetPort: 8080\n`,
    );
    write(`${base}/chart/Chart.yaml`, `apiVersion: v2\nname: ${name}\nversion: 1.0.${i}\n`);
    write(`${base}/chart/values.yaml`, `replicaCount: ${bad ? 1 : 3}\nimage:\n  repository: ghcr.io/acme/${name}\n  tag: "1.0.${i}"\nresources:\n  limits:\n    memory: 256Mi\n`);
    write(
      `${base}/chart/templates/deployment.yaml`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n  template:\n    spec:\n      containers:\n        - name: app\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n          resources:\n            {{- toYaml .Values.resources | nindent 12 }}\n`,
    );
    write(`${base}/chart/values-prod.yaml`, `replicaCount: 3\n`);
  }
  return count;
}

function deployment(name, bad) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: ${bad ? 1 : 3}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 1000
      containers:
        - name: app
          image: ghcr.io/acme/${name}:${bad ? 'latest' : '1.0.0'}
          ports:
            - containerPort: 8080
${
  bad
    ? ''
    : `          readinessProbe:
            httpGet: { path: /readyz, port: 8080 }
          livenessProbe:
            httpGet: { path: /healthz, port: 8080 }
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { memory: 256Mi }
`
}`;
}
