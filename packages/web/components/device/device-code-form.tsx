import { Button } from "@/components/ui/button";
import { Field, FieldDescription, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

/** A plain GET form: typing the code leads to /device?user_code=…, the same page the link opens. */
export function DeviceCodeForm({ defaultCode }: { defaultCode: string }) {
  return (
    <form method="get" action="/device" className="grid gap-4">
      <Field>
        <FieldLabel htmlFor="user_code">Code shown on your device</FieldLabel>
        <Input
          id="user_code"
          name="user_code"
          defaultValue={defaultCode}
          required
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          aria-describedby="user_code-hint"
          className="font-mono text-lg tracking-widest uppercase"
        />
        <FieldDescription id="user_code-hint">For example ABCD-EFGH; dashes and case do not matter.</FieldDescription>
      </Field>
      <Button type="submit">Continue</Button>
    </form>
  );
}
