import type { V1ContainerState, V1Pod } from '@kubernetes/client-node';
import { runContainerName } from './manifests.ts';

const imagePullReasons = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);

/** "ErrImagePull: pull access denied for …" when any container of the pod cannot get its image. */
export function imagePullFailure(pod: V1Pod): string | undefined {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const status of statuses) {
    const waiting = status.state?.waiting;
    if (waiting?.reason && imagePullReasons.has(waiting.reason)) {
      return `${waiting.reason} for image ${status.image}: ${waiting.message ?? 'no message'}`;
    }
  }
  return undefined;
}

export function runContainerState(pod: V1Pod): V1ContainerState | undefined {
  return pod.status?.containerStatuses?.find((status) => status.name === runContainerName)?.state;
}

/** A pod that failed before its program ran (deadline exceeded, evicted, a failed file delivery). */
export function podFailedBeforeRun(pod: V1Pod): string | undefined {
  if (pod.status?.phase !== 'Failed' || runContainerState(pod)?.terminated) return undefined;
  const delivery = pod.status.initContainerStatuses?.find((status) => status.state?.terminated?.exitCode);
  if (delivery) return `file delivery failed: ${delivery.state?.terminated?.reason ?? 'error'}`;
  return `${pod.status.reason ?? 'Failed'}: ${pod.status.message ?? 'the pod failed before the program ran'}`;
}
