"""What leaves Steerco for the meeting: chart pictures, spreadsheets, the PowerPoint pack."""
