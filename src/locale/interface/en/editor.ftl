### The editor's side: loading and checking issues, the configuration, templates, the preview, the archive.
