"use client";

import { useEffect, useState } from "react";

import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";

import { FILTERS, type Filter } from "./queries";

const LABELS: Record<Filter, string> = { all: "All", active: "Active", completed: "Completed" };
const SEARCH_DELAY_MS = 300;

/** Filter (radio group: arrow keys move between options) and search (applied as the user pauses typing). */
export function TaskToolbar({
  filter,
  q,
  onFilterChange,
  onSearchChange,
}: {
  filter: Filter;
  q: string;
  onFilterChange: (filter: Filter) => void;
  onSearchChange: (q: string) => void;
}) {
  const [search, setSearch] = useState(q);
  // Checked at once on click; the URL (and so `filter`) follows a moment later.
  const [selected, setSelected] = useState(filter);
  const [shownFilter, setShownFilter] = useState(filter);
  if (filter !== shownFilter) {
    setShownFilter(filter);
    setSelected(filter);
  }

  useEffect(() => {
    if (search.trim() === q) return;
    const timer = setTimeout(() => onSearchChange(search.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, q, onSearchChange]);

  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
      <fieldset className="flex items-center gap-2">
        <legend className="sr-only">Show</legend>
        <div className="inline-flex rounded-md border p-0.5">
          {FILTERS.map((value) => (
            <label
              key={value}
              className={cn(
                "relative cursor-pointer rounded px-3 py-1.5 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring",
                selected === value ? "bg-primary text-primary-foreground" : "hover:bg-muted",
              )}
            >
              <input
                type="radio"
                name="filter"
                value={value}
                // Invisible but covering its label: clicks, focus and screen readers all reach the input.
                className="absolute inset-0 cursor-pointer appearance-none opacity-0"
                checked={selected === value}
                onChange={() => {
                  setSelected(value);
                  onFilterChange(value);
                }}
              />
              {LABELS[value]}
            </label>
          ))}
        </div>
      </fieldset>
      <form role="search" className="sm:w-64" onSubmit={(event) => event.preventDefault()}>
        <Input
          type="search"
          aria-label="Search tasks"
          placeholder="Search tasks"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </form>
    </div>
  );
}
