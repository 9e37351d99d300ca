;;; smoke.el --- editors/emacs/glossary-ls.el in a real Emacs, in batch mode  -*- lexical-binding: t; -*-

;; Run by test_emacs.py: loads glossary-ls.el as the README says, opens
;; $E2E_FILE, lets `text-mode-hook' start eglot, then checks a hover, go to
;; entry (xref) and the link-all code action. Prints one line per check and
;; exits with 0 when all passed.

(require 'cl-lib)
;; Debian installs markdown-mode and eglot (Emacs 28) under site-lisp/elpa,
;; which `emacs -Q' does not load by itself.
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path dir))
(require 'markdown-mode)

;; What the README tells users to write.
(add-to-list 'load-path (getenv "E2E_EMACS_DIR"))
(require 'glossary-ls)
(add-hook 'text-mode-hook #'glossary-ls-ensure)

(defvar smoke-failures 0)
(defun smoke-check (name ok &optional detail)
  (princ (format "%s %s%s\n" (if ok "ok" "FAIL") name (if (and detail (not ok)) (format ": %S" detail) "")))
  (unless ok (cl-incf smoke-failures)))

(defun smoke-wait (what condition)
  (let ((deadline (+ (float-time) 15)))
    (while (and (not (funcall condition)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (or (funcall condition) (error "Timed out waiting for %s" what))))

(condition-case err
    (progn
      (find-file (getenv "E2E_FILE"))
      (smoke-check "the file is in markdown-mode" (eq major-mode 'markdown-mode) major-mode)
      ;; eglot-ensure connects after the next command.
      (run-hooks 'post-command-hook)
      (smoke-wait "eglot to connect" (lambda () (eglot-current-server)))
      (let ((server (eglot-current-server)))
        (smoke-check "the server is glossary-ls"
                     (equal (plist-get (eglot--server-info server) :name) "glossary-ls")
                     (eglot--server-info server))
        ;; Hover, as eldoc asks for it.
        (goto-char (point-min))
        (search-forward "widget")
        (backward-char 3)
        (let* ((hover (jsonrpc-request server :textDocument/hover
                                       (eglot--TextDocumentPositionParams)))
               (contents (plist-get hover :contents))
               (text (if (stringp contents) contents (plist-get contents :value))))
          (smoke-check "the hover shows the summary"
                       (and text (string-search (getenv "E2E_EXPECT") text)) text))
        ;; Go to entry: M-. (xref-find-definitions) through eglot.
        (goto-char (point-min))
        (search-forward "sprocket")
        (backward-char 2)
        (let ((from (current-buffer)))
          (xref-find-definitions (xref-backend-identifier-at-point (xref-find-backend)))
          (smoke-check "M-. opens the entry"
                       (equal (file-truename buffer-file-name)
                              (file-truename (getenv "E2E_ENTRY")))
                       buffer-file-name)
          (smoke-check "at its title"
                       (looking-at-p "Sprocket")
                       (buffer-substring (line-beginning-position) (line-end-position)))
          (switch-to-buffer from))
        ;; Link every term.
        (glossary-ls-link-all-terms)
        (smoke-check "link-all links the terms"
                     (string-search "[widget](" (buffer-string))
                     (buffer-string))))
  (error (smoke-check "the scenario ran to its end" nil err)))

(kill-emacs (if (zerop smoke-failures) 0 1))
