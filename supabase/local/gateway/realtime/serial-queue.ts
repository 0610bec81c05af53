/**
 * Runs async tasks one after another, like the Erlang process behind each Phoenix socket and
 * channel: a message is fully handled (RLS checks included) before the next one starts, so
 * ordering on a socket or channel is what the client sent.
 */
export type SerialQueue = (task: () => Promise<void> | void) => void;

export function createSerialQueue(onError: (error: unknown) => void): SerialQueue {
  let tail: Promise<void> = Promise.resolve();
  return (task) => {
    tail = tail.then(task).catch(onError);
  };
}
