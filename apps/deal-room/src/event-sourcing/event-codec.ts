/** How a feature's events cross the wire: stable, versioned type names and JSON data. */
export interface EventCodec<E> {
  serialize(event: E): { readonly type: string; readonly data: Record<string, unknown> };
  deserialize(type: string, data: unknown): E;
  /** The schema version encoded in a wire type name (`....v1` is 1). */
  schemaVersionOf(type: string): number;
}
