/** `mirrorctl package`: the healer's deployable artifact, built from the policy. */
export { ARTIFACT_FILES, buildArtifact, writeArtifact, type Artifact } from './artifact.js';
export { buildStackSetArtifact, type StackSetArtifact, type StackSetRequest } from './stackset-artifact.js';
export { STACK_SET_FILES } from './stackset-readme.js';
