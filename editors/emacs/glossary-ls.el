;;; glossary-ls.el --- Your team's glossary in Markdown and text, through eglot  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))
;; Keywords: languages, tools, docs
;; SPDX-License-Identifier: MIT OR Apache-2.0

;;; Commentary:

;; Registers the glossary-ls language server with eglot for Markdown
;; (`markdown-mode', `gfm-mode') and plain text (`text-mode').  Hover shows
;; a glossary term's definition (eldoc), `xref-find-definitions' (M-.) opens
;; its entry, completion offers glossary terms, `eglot-code-actions' links
;; terms to their entries, and Flymake shows broken glossary links.
;;
;;   (add-to-list 'load-path "/path/to/glossary-ls/editors/emacs")
;;   (require 'glossary-ls)
;;   (add-hook 'text-mode-hook #'glossary-ls-ensure)
;;
;; See README.md next to this file.

;;; Code:

(require 'eglot)

(defgroup glossary-ls nil
  "The glossary-ls language server, through eglot."
  :group 'eglot
  :prefix "glossary-ls-")

(defcustom glossary-ls-command '("glossary-ls" "serve")
  "The command that starts the server, and its arguments."
  :type '(repeat string))

(defcustom glossary-ls-initialization-options nil
  "Settings sent when the server starts, as a plist, or nil for none.
The keys are those of .glossary-ls.toml, and override that file,
for example (:link (:style \"url\" :url \"/glossary/{slug}/\")).
Settings that must change without a restart belong in
`eglot-workspace-configuration' under the section :glossary-ls."
  :type '(choice (const :tag "None" nil) (plist :tag "Settings")))

(defconst glossary-ls-markdown-modes
  '(markdown-mode (gfm-mode :language-id "markdown"))
  "Markdown modes served by glossary-ls, as `eglot-server-programs' wants them.")

(defun glossary-ls-contact (&optional _interactive)
  "The eglot contact of the server: `glossary-ls-command' and its options."
  (append glossary-ls-command
          (when glossary-ls-initialization-options
            (list :initializationOptions glossary-ls-initialization-options))))

;; Markdown first: eglot runs one server per buffer, the first that matches,
;; and its own list names another one (marksman) for Markdown.
(add-to-list 'eglot-server-programs
             (cons glossary-ls-markdown-modes #'glossary-ls-contact))
;; Plain text last: `text-mode' is the parent of many modes (LaTeX, Org...),
;; whose own servers, listed earlier, keep them.
(add-to-list 'eglot-server-programs
             (cons '(text-mode) #'glossary-ls-contact)
             t)

;;;###autoload
(defun glossary-ls-ensure ()
  "Start glossary-ls in this buffer when it is Markdown or plain text.
Meant for `text-mode-hook', which runs for every mode derived from
`text-mode': this starts the server only in `markdown-mode', `gfm-mode'
and `text-mode' itself."
  (when (memq major-mode '(markdown-mode gfm-mode text-mode))
    (eglot-ensure)))

;;;###autoload
(defun glossary-ls-link-all-terms ()
  "Link the first occurrence of every glossary term in this buffer."
  (interactive)
  (eglot-code-actions (point-min) (point-max) "source.glossary.linkAll" t))

(provide 'glossary-ls)
;;; glossary-ls.el ends here
