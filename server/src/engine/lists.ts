// Lists the model keeps for every instruction, RUN or stage, most of which hold one item or none.

/**
 * `list` with `item` appended, for lists the model keeps that mostly hold one item: a first item
 * gets an array of one slot, where a push onto [] reserves 17 (kept for every instruction or RUN).
 * Store the result back: the list is a new array when it was empty.
 */
export function appended<T>(list: T[], item: T): T[] {
  // Never a push onto an empty list: a RUN's lists and an instruction's flags start as one shared empty array.
  if (list.length === 0) return [item];
  list.push(item);
  return list;
}

/** `list` followed by `items`: `items` itself when the list is empty (it may be the shared empty one), else a new array. */
export function concatenated<T>(list: T[], items: T[]): T[] {
  return list.length === 0 ? items : [...list, ...items];
}
