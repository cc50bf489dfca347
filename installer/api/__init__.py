"""One mixin per capability; installer.wrappers.Governance combines them."""
