### The staff's interface in English: what the command line, `check` and the
### preview say. Every message here exists in de.ftl too (a test checks).

## Languages and catalogs

error-unknown-lang = "{ $code }" is not a language code; write it as two or three letters, for example "de", "en" or "pl"
catalog-syntax = { $file }:{ $line }: the catalog cannot be read: { $problem }; check the Fluent syntax (key = text)
catalog-missing = the language "{ $lang }" has no catalog; add { $file } (copy locales/en/reader.ftl and translate it), or remove "{ $lang }" from [site] languages in rundbrief.toml
catalog-missing-keys = the catalog of "{ $lang }" lacks { $count ->
        [one] one message
       *[other] { $count } messages
    }, shown in English until translated: { $keys }

