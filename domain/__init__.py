"""What loaders and pages share, importing neither: vocabulary, numbers, validation, accounts, lever arithmetic."""
