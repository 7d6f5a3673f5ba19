/** The one fold: a state from its events, oldest first. */
export interface Fold<S, E> {
  evolve(state: S, event: E): S;
  initialState(): S;
}

export const foldEvents = <S, E>({ evolve, initialState }: Fold<S, E>, events: Iterable<E>, from: S = initialState()): S => {
  let state = from;
  for (const event of events) state = evolve(state, event);
  return state;
};
