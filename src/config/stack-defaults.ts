/**
 * The defaults that name a stack: its home folder (`SYNTHORG_HOME`, relative to the working directory) and its
 * Temporal namespace (`TEMPORAL_NAMESPACE`). One place, because the sandbox names its workspaces after the stack
 * (`<namespace>@<home>`) and reads the environment on its own when a test or bench builds it directly.
 */
export const defaultHomeFolder = '.synthorg';

/** Temporal's own default namespace, which a stack uses when none is configured. */
export const defaultNamespace = 'default';
