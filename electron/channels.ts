/** IPC channel names, in a file of their own so the sandboxed preload bundles nothing else. */
export const INVOKE_CHANNEL = 'mrd:invoke';
export const EVENT_CHANNEL = 'mrd:event';
