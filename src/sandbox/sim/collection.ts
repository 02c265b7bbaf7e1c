/**
 * Resources of one kind in one region, by id. Iteration keeps insertion order (so files round-trip in the
 * order a human wrote them); Describe pagination walks the ids in sorted order, cached until a change.
 */
export class Collection<T extends { readonly id: string }> {
  private readonly items = new Map<string, T>();
  private sorted: string[] | undefined;

  get size(): number {
    return this.items.size;
  }

  get(id: string): T | undefined {
    return this.items.get(id);
  }

  has(id: string): boolean {
    return this.items.has(id);
  }

  add(item: T): void {
    if (!this.items.has(item.id)) this.sorted = undefined;
    this.items.set(item.id, item);
  }

  delete(id: string): boolean {
    const deleted = this.items.delete(id);
    if (deleted) this.sorted = undefined;
    return deleted;
  }

  values(): IterableIterator<T> {
    return this.items.values();
  }

  sortedIds(): readonly string[] {
    this.sorted ??= [...this.items.keys()].sort();
    return this.sorted;
  }
}
