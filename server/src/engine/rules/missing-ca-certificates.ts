import { insertLineAfter, insertLinesBefore } from '../fixer.ts';
import { imageFacts, rootImageName, runsAsContainer, shippedGoBuilds, shippedStage } from '../final-image.ts';
import { programFactsOf } from '../go-program.ts';
import type { DockerfileModel, Stage } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import { lineage } from '../stage-graph.ts';
import type { FixProposal } from '../types.ts';
import { rootImage } from './rule-helpers.ts';

const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/**
 * Go's crypto/x509 reads the system's root certificates from /etc/ssl/certs. scratch (and busybox,
 * and Debian or Ubuntu images without the ca-certificates package) has none, so every outgoing HTTPS
 * or TLS connection fails with "x509: certificate signed by unknown authority".
 */
export default defineRule({
  meta: {
    id: 'missing-ca-certificates',
    description: 'The program makes TLS connections, and the shipped image has no CA certificates.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      noCaBundle:
        'This program makes TLS connections, but {{image}} has no CA certificates: HTTPS calls fail with "x509: certificate signed by unknown authority". Copy the builder\'s bundle: COPY --from={{builder}} ' +
        CA_BUNDLE +
        ' /etc/ssl/certs/',
    },
  },
  check({ model, goFacts, report }) {
    const stage = shippedStage(model);
    if (!stage || !runsAsContainer(stage)) return;
    const facts = imageFacts(stage);
    if (facts.base.caCertificates !== false || facts.addsCaCertificates) return;
    // SSL_CERT_FILE/SSL_CERT_DIR point Go at certificates the image gets some other way (a volume, a secret).
    if (stage.envAtEnd.get('SSL_CERT_FILE') || stage.envAtEnd.get('SSL_CERT_DIR')) return;
    const token = stage.imageToken;
    if (!token) return;
    for (const { stage: buildStage, cmd, runtime } of shippedGoBuilds(model, goFacts)) {
      if (runtime !== stage || buildStage === stage) continue;
      const program = programFactsOf(cmd, goFacts);
      if (!program || program.usesTLS !== 'yes' || program.embedsRootCAs || talksToKubernetes(program.modules)) continue;
      const builder = stageReference(buildStage);
      const fix = copyBundleFix(model, stage, buildStage, builder);
      report({ messageId: 'noCaBundle', data: { image: describeImage(stage), builder }, start: token.start, end: token.end, ...(fix ? { fix } : {}) });
      return;
    }
  },
});

/**
 * A Kubernetes client verifies the API server with the service account's CA (mounted into every
 * pod), not the system roots. Whether it also calls other HTTPS services cannot be told: quiet.
 */
function talksToKubernetes(modules: readonly string[]): boolean {
  return modules.some((m) => m === 'k8s.io/client-go' || m === 'sigs.k8s.io/controller-runtime');
}

function describeImage(stage: Stage): string {
  return rootImageName(stage)?.repository === 'scratch' ? 'scratch' : rootImage(stage);
}

/** How a COPY --from names a stage: its AS name, else its index. */
function stageReference(stage: Stage): string {
  return stage.name ?? String(stage.index);
}

/** `COPY --from=<builder> /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/` as the final stage's first step, when the builder has the bundle. */
function copyBundleFix(model: DockerfileModel, final: Stage, builder: Stage, reference: string): FixProposal | undefined {
  const builderFacts = imageFacts(builder);
  if (builderFacts.base.caCertificates !== true && !builderFacts.addsCaCertificates) return undefined;
  if (lineage(final).includes(builder)) return undefined;
  const line = `COPY --from=${reference} ${CA_BUNDLE} /etc/ssl/certs/`;
  const first = final.instructions[0];
  const edit = first ? insertLinesBefore(model.index, first, [line]) : insertLineAfter(model.index, final.from, line);
  return { title: `Copy the CA certificates from ${reference}`, edits: [edit] };
}
