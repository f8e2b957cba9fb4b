/** An Azure OpenAI deployment, as its provider is configured. */
export interface AzureDeployment {
  readonly apiVersion: string;
  /** Absent: the model name sent for the target names the deployment. */
  readonly deployment: string | undefined;
}

/**
 * The Azure OpenAI path of an operation (`/chat/completions`): `/openai/deployments/{deployment}/{op}?api-version=…`.
 * @see https://learn.microsoft.com/en-us/azure/ai-services/openai/reference
 */
export function azurePath(a: AzureDeployment, op: string, model: string): string {
  return `/openai/deployments/${encodeURIComponent(a.deployment ?? model)}${op}?api-version=${encodeURIComponent(a.apiVersion)}`;
}
