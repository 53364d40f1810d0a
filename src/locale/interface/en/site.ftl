### Rendering and publishing: templates, links, the scaffolds of init and new, the preview, build and the archive.

## Rendering

render-mjml-invalid = the template does not yield valid MJML: { $problem }; check its mj- tags

## Templates

template-missing = { $problem } — the template is missing; create it or remove the reference to it
template-invalid = { $problem } — check the template
template-unreadable = cannot read template { $name }: { $problem }
template-no-message = no message "{ $id }" in the catalog of { $lang }

## Links in the editor's Markdown

link-missing = { $url } points at { $path }, which does not exist; check the name and its case
link-outside-issues = { $url } points outside the issues folder; put the file into the issue's folder or link it with https://
link-not-an-entry = { $url }: { $path } is not a readable entry

## init and new

scaffold-exists = { $path } exists already; nothing was overwritten
scaffold-workspace-exists = { $path } exists already: the folder is a workspace already
# The title of the first entry `rundbrief init` writes; its file name follows it.
scaffold-welcome-title = Welcome
scaffold-no-issue = issue { $id } does not exist; create it first with `rundbrief new { $id }`
scaffold-title-one-line = a title is one line
scaffold-title-no-slug = no file name can be made from this title; use letters or digits

## The preview

preview-title = { $title } · rundbrief preview
preview-check-ok = ✓ check: ok
preview-back = all issues
# The switch between the editions of an issue: one link per language.
preview-language-name = { $code ->
        [de] German
        [en] English
       *[other] { $code }
    }
# Links to the email's parts on their own.
preview-text-link = text
preview-html-link = html
# Headings above the email at desktop and phone width, and its text part.
preview-width = { $width } px
preview-text = Text
preview-entries = Entries
preview-not-found = not found
preview-stale = The issue does not render now. Below is the last version that did, from { $at }; fix the errors above and reload.
preview-never-rendered = The issue has not rendered since the preview started; fix the errors above and reload.
# A request for another host name (DNS rebinding) is refused with this plain text.
preview-foreign-host = This preview answers only on localhost, 127.0.0.1 or [::1].

## build and archive

build-check-failed = { $count ->
        [one] one error in the issue
       *[other] { $count } errors in the issue
    }
# A file an entry uses is a symlink to somewhere else.
archive-asset-outside = leads outside its issue folder (to { $target }); the archive publishes only files of the issue
archive-check-failed = issue { $id } has errors
