// Temporary project trees for the hostile-input tests.
import { writeTempTree } from '../helpers/temp-tree.js';

export function tree(files: Record<string, string | Uint8Array>): string {
  return writeTempTree('rl-hostile-', files);
}

export const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:latest
          securityContext:
            privileged: true
`;
