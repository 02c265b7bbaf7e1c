/** `mirrorctl package`: the healer's deployable artifact, built from the policy. */
export { ARTIFACT_FILES, buildArtifact, writeArtifact, type Artifact } from './artifact.js';
