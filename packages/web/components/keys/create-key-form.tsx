"use client";

import { useState } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlProps, Field, FieldError, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

import { useCreateApiKey } from "./queries";

const DAY = 24 * 60 * 60;
const EXPIRY_CHOICES = [
  { label: "Never", seconds: null },
  { label: "7 days", seconds: 7 * DAY },
  { label: "30 days", seconds: 30 * DAY },
  { label: "90 days", seconds: 90 * DAY },
  { label: "1 year", seconds: 365 * DAY },
] as const;

/** Creates a key and shows its secret once, with a copy button; the list never shows it again. */
export function CreateKeyForm() {
  const create = useCreateApiKey();
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState("1");
  const [nameError, setNameError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed.length < 1 || trimmed.length > 32) {
      setNameError("Give the key a name of 1 to 32 characters.");
      return;
    }
    setNameError(null);
    const expiresIn = EXPIRY_CHOICES[Number(expiry)]?.seconds ?? null;
    create.mutate(
      { name: trimmed, expiresIn },
      {
        onSuccess: (created) => {
          setSecret(created.key);
          setCopied(false);
          setName("");
        },
      },
    );
  }

  async function copy() {
    if (secret === null) return;
    await navigator.clipboard.writeText(secret);
    setCopied(true);
  }

  return (
    <section aria-labelledby="create-key" className="grid gap-4 rounded-md border p-4">
      <h2 id="create-key" className="text-lg font-medium">
        Create a key
      </h2>
      {secret !== null && (
        <div className="grid gap-2 rounded-md border border-primary/50 p-3" role="status">
          <p className="text-sm font-medium">Copy your new key now: it will not be shown again.</p>
          <div className="flex flex-col gap-2 sm:flex-row">
            <Input readOnly value={secret} aria-label="New API key" className="font-mono" onFocus={(e) => e.target.select()} />
            <Button variant="secondary" onClick={copy}>
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
          <Button variant="link" className="justify-self-start px-0" onClick={() => setSecret(null)}>
            Done, hide it
          </Button>
        </div>
      )}
      <form className="grid gap-4 sm:grid-cols-[1fr_10rem_auto] sm:items-end" noValidate onSubmit={submit}>
        <Field>
          <FieldLabel htmlFor="key-name">Name</FieldLabel>
          <Input
            {...controlProps("key-name", nameError)}
            value={name}
            maxLength={32}
            placeholder="e.g. nightly backup"
            onChange={(e) => setName(e.target.value)}
          />
          <FieldError id="key-name-error">{nameError}</FieldError>
        </Field>
        <Field>
          <FieldLabel htmlFor="key-expiry">Expires</FieldLabel>
          <select
            id="key-expiry"
            value={expiry}
            onChange={(e) => setExpiry(e.target.value)}
            className="h-10 rounded-md border border-input bg-background px-3 text-base sm:text-sm"
          >
            {EXPIRY_CHOICES.map((choice, index) => (
              <option key={choice.label} value={String(index)}>
                {choice.label}
              </option>
            ))}
          </select>
        </Field>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create key"}
        </Button>
      </form>
      {create.error && <Alert>{create.error.message}</Alert>}
    </section>
  );
}
