### Rendering and publishing: templates, links, the scaffolds of init and new, the preview, build and the archive.
