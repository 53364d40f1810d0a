## Looks: logo, accent colour

config-bad-color = "{ $text }" is not a colour; write it as CSS does, "#1f4e79" or "#14a"
check-low-contrast = [site] accent_color = "{ $color }" has a contrast ratio of only { $ratio }:1 with white text; WCAG AA asks for at least 4.5:1 for readable headers and buttons: choose a darker shade
check-logo-missing = [site] logo = "{ $path }" does not exist in the workspace
archive-logo-outside = leads outside the workspace (to { $target }); the archive publishes only files of the workspace
