/** CloudFormation and S3 clients per region, with the credentials, profile and retry settings of every command. */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { sharedConfig, type AwsOptions } from '../../aws/clients.js';

export interface DeployClients {
  cloudFormation(region: string): CloudFormationClient;
  s3(region: string): S3Client;
  destroy(): void;
}

export function createDeployClients(options: Pick<AwsOptions, 'profile' | 'maxAttempts' | 'timeoutSeconds'>): DeployClients {
  const config = sharedConfig(options);
  const cloudFormation = new Map<string, CloudFormationClient>();
  const s3 = new Map<string, S3Client>();
  const cached = <C>(clients: Map<string, C>, region: string, create: () => C): C => {
    const existing = clients.get(region);
    if (existing !== undefined) return existing;
    const client = create();
    clients.set(region, client);
    return client;
  };
  return {
    cloudFormation: (region) => cached(cloudFormation, region, () => new CloudFormationClient({ ...config, region })),
    s3: (region) => cached(s3, region, () => new S3Client({ ...config, region })),
    destroy: () => {
      for (const client of [...cloudFormation.values(), ...s3.values()]) client.destroy();
    },
  };
}
