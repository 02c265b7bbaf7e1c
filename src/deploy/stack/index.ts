/** `mirrorctl deploy`: the healer's stacks planned as change sets, uploaded, executed and reported. */
export { uploadArtifact, type Upload } from './artifact-upload.js';
export { DEFAULT_WAIT, discardPlan, planStack, stackStatus, type ResourceChangeRow, type StackPlan, type StackTarget, type WaitSettings } from './change-set.js';
export { createDeployClients, type DeployClients } from './clients.js';
export { deleteStack, executePlan, type ResourceEvent, type StackOutcome } from './execute.js';
export { artifactKey, bucketFor, checkBucketTemplate, checkStackName, defaultStackName, MAX_STACK_NAME } from './names.js';
export { renderDestroyPlan, renderOutcome, renderProgress, renderStackPlans, type StackToDelete } from './render.js';
