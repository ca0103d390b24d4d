import type { AppCommand } from '../../../shared/contract';

/** Commands from shortcuts and native menus reach pages through this window event. */
export const COMMAND_EVENT = 'mrd:command';

export const sendCommand = (command: AppCommand): void => {
  window.dispatchEvent(new CustomEvent<AppCommand>(COMMAND_EVENT, { detail: command }));
};
