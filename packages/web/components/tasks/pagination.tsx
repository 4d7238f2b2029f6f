import { Button } from "@/components/ui/button";

export function Pagination({
  page,
  pageCount,
  more = false,
  onPageChange,
}: {
  page: number;
  pageCount: number;
  /** More pages than `pageCount` says (the total was counted only up to its bound). */
  more?: boolean;
  onPageChange: (page: number) => void;
}) {
  if (pageCount <= 1 && !more) return null;
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-3">
      <Button variant="outline" size="sm" disabled={page <= 1} onClick={() => onPageChange(page - 1)}>
        Previous page
      </Button>
      <p className="text-sm" aria-live="polite">
        Page {page} of {pageCount}
        {more ? "+" : ""}
      </p>
      <Button variant="outline" size="sm" disabled={page >= pageCount && !more} onClick={() => onPageChange(page + 1)}>
        Next page
      </Button>
    </nav>
  );
}
