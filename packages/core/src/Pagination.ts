/**
 * Pagination schemes: how a vendor's list endpoint is asked for page after page, and how its answer says whether
 * more follow. A list method reads them into one `Stream` of items (see `Endpoint.list`).
 *
 * @example
 * ```ts
 * import { Pagination } from "@faultline/core"
 *
 * // page/limit, with the page number in `meta` (DialNexa)
 * const pages = Pagination.byPage<{ readonly meta: { readonly page: number; readonly totalPages: number } }>({
 *   page: "page",
 *   size: "limit",
 *   maxPageSize: 100,
 *   hasMore: (page) => page.meta.page < page.meta.totalPages
 * })
 *
 * // limit/offset, with the total in `count` (Nixflex)
 * const offsets = Pagination.byOffset<{ readonly count: number }>({
 *   offset: "offset",
 *   size: "limit",
 *   maxPageSize: 100,
 *   total: (page) => page.count
 * })
 * ```
 *
 * @since 0.1.0
 */

/**
 * A vendor's pagination scheme, for pages of type `Page`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Scheme<Page> {
  /** The largest page the vendor serves, and the page size asked for by default. */
  readonly maxPageSize: number
  /** The query parameters asking for the page at `index` (from 0, in pages) of `pageSize` items. */
  readonly query: (index: number, pageSize: number) => Readonly<Record<string, string>>
  /** Whether another page follows `page`, the page at `index`, which held `count` items. */
  readonly hasMore: (page: Page, index: number, pageSize: number, count: number) => boolean
}

/**
 * Page numbers: `page` (from `firstPage`, 1 by default) and a page size; the answer says whether more follow.
 *
 * @since 0.1.0
 * @category constructors
 */
export const byPage = <Page>(options: {
  readonly page: string
  readonly size: string
  readonly maxPageSize: number
  readonly firstPage?: number | undefined
  readonly hasMore: (page: Page) => boolean
}): Scheme<Page> => {
  const first = options.firstPage ?? 1
  return {
    maxPageSize: options.maxPageSize,
    query: (index, pageSize) => ({ [options.page]: String(first + index), [options.size]: String(pageSize) }),
    hasMore: (page, _index, _pageSize, count) => count > 0 && options.hasMore(page)
  }
}

/**
 * Offsets: `offset` (in items) and a page size; the answer gives the total, so more follow while the items read
 * are fewer.
 *
 * @since 0.1.0
 * @category constructors
 */
export const byOffset = <Page>(options: {
  readonly offset: string
  readonly size: string
  readonly maxPageSize: number
  readonly total: (page: Page) => number
}): Scheme<Page> => ({
  maxPageSize: options.maxPageSize,
  query: (index, pageSize) => ({ [options.offset]: String(index * pageSize), [options.size]: String(pageSize) }),
  hasMore: (page, index, pageSize, count) => count > 0 && index * pageSize + count < options.total(page)
})
