"""Server features whose tests wait for the feature to land.

A test marked `@pytest.mark.feature(NAME)` is skipped while NAME is in
PENDING. Take a feature off this list when it lands, so that its tests run:
`test_pending_list_is_current` fails as a reminder once the server announces
a capability that is still listed. `scripts/e2e --run-pending` runs them all
anyway, to try a feature while it is being written.
"""

PENDING: set[str] = set()

# Feature -> the server capability (InitializeResult.capabilities attribute,
# in lsprotocol's spelling) that announces it, where there is one.
CAPABILITY_OF: dict[str, str] = {
    "codeAction": "code_action_provider",
    "documentLink": "document_link_provider",
    "references": "references_provider",
    "workspaceSymbol": "workspace_symbol_provider",
    "semanticTokens": "semantic_tokens_provider",
}
