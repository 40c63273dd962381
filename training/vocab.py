"""What the corpus generator fills slots with: names, titles, dates, durations, fillers.

Written for the generator, not taken from any dev or held-out set. The held-out set's world
(its people, projects and open tasks) is kept out of these lists; ``tests/training`` checks it.
"""

from __future__ import annotations

# fmt: off

FIRST_NAMES = (
    "Sam", "Alex", "Jo", "Priya", "Olivia", "Raj", "Hannah", "Kemi", "Dev", "Fatima", "Greg",
    "Mei", "Oscar", "Callum", "Sofia", "Liam", "Aisha", "Noah", "Chloe", "Ethan", "Zara", "Omar",
    "Grace", "Lucas", "Ava", "Hugo", "Ines", "Jack", "Ruby", "Arjun", "Elena", "Felix", "Ivy",
    "Jamal", "Kate", "Luca", "Maya", "Nico", "Pia", "Quinn", "Rosa", "Sean", "Tara", "Uma",
    "Victor", "Wendy", "Yusuf", "Zoe", "Amir", "Bella", "Carlos", "Dina", "Emeka", "Freya", "Gus",
    "Hiro", "Isla", "Jonas", "Kofi", "Lena", "Mateo", "Nadia", "Owen", "Paula", "Rory", "Sana",
    "Theo", "Ursula", "Vik", "Will", "Ximena", "Yara", "Abby", "Bilal", "Ciaran", "Daisy", "Erin",
    "Finn", "Gemma", "Harvey", "Imogen", "Josh", "Kieran", "Lola", "Martha", "Niamh", "Oliver",
    "Poppy", "Reuben", "Stella", "Tariq", "Vera", "Wes", "Yvonne",
)
SURNAMES = (
    "Shah", "Becker", "Lin", "Patel", "Nguyen", "Smith", "Jones", "Garcia", "Kowalski", "O'Brien",
    "Adeyemi", "Müller", "Rossi", "Kim", "Silva", "Haddad", "Murphy", "Fischer", "Novak", "Tanaka",
    "Walsh", "Ahmed", "Brown", "Clarke", "Davies", "Evans", "Hughes",
)
RELATIONS = (
    "Mum", "Dad", "Mom", "Nan", "Granddad", "Grandpa", "Auntie Rose", "Uncle Joe", "Auntie Pat",
    "Uncle Dave", "my sister", "the kids", "Gran",
)
PROJECTS = (
    "launch", "shopping", "garden", "website", "garage sale", "holiday", "book club",
    "office move", "wedding", "pharmacy", "allotment", "quarterly report", "kitchen", "move",
    "birthday party", "christmas", "car", "house", "work", "errands", "hardware store",
    "camping trip", "fundraiser", "podcast", "taxes", "baby shower", "bathroom", "barbecue",
    "conference", "hiring", "marketing", "budget", "recipes", "gift ideas", "packing", "reading",
    "chores", "dinner party", "open day", "year end", "onboarding", "app release",
)
# Tasks to create or refer to: what people keep on a household or small-office list.
TITLES = (
    "book the venue", "call the plumber", "order flowers", "fix the gate",
    "write the press release", "buy milk", "renew the passport", "pay the council tax",
    "return the parcel", "water the plants", "pick up the dry cleaning",
    "book a dentist appointment", "send the invoice", "update the website", "mow the lawn",
    "take the bins out", "service the car", "print the tickets", "call the bank",
    "sort the recycling", "buy a birthday card", "file the expenses", "backup the laptop",
    "clean the oven", "book the MOT", "order more printer paper", "email the accountant",
    "defrost the freezer", "cancel the gym membership", "collect the keys", "post the letters",
    "wash the car", "change the bedsheets", "feed the cat", "walk the dog", "repair the fence",
    "hang the pictures", "assemble the wardrobe", "buy bread", "get eggs", "pick up the kids",
    "draft the agenda", "review the contract", "prepare the slides", "chase the supplier",
    "book train tickets", "reserve a table", "call the vet", "buy dog food", "renew the lease",
    "check the smoke alarms", "bleed the radiators", "replace the light bulb", "fix the leaky tap",
    "paint the fence", "clear the garage", "donate old clothes", "sell the bike",
    "buy a new kettle", "order the cake", "send thank you cards", "book the flights",
    "get travel insurance", "exchange currency", "pack the suitcase", "write the newsletter",
    "update the budget", "interview candidates", "set up the projector", "test the new release",
    "fix the login bug", "deploy the hotfix", "write the release notes", "ring the school",
    "sign the permission slip", "buy school shoes", "make a dentist appointment",
    "order new glasses", "pay the electricity bill", "submit the tax return",
    "shred old documents", "tidy the shed", "plant the bulbs", "prune the roses", "buy compost",
    "clean the windows", "descale the kettle", "buy batteries", "get a haircut",
    "call the insurance company", "book the caterers", "send out the invitations",
    "confirm the guest list", "buy wrapping paper", "wrap the presents", "bake a cake",
    "buy oat milk", "order a pizza", "return the library books", "renew the parking permit",
    "fix the printer", "label the boxes", "hire a van", "measure the windows", "order curtains",
    "call the electrician", "get quotes for the roof", "book the photographer", "choose the music",
    "write the speech", "buy stamps", "top up the oyster card", "charge the drill", "fix the bike",
    "pump up the tyres", "book swimming lessons", "pay the nursery", "renew the TV licence",
    "update the CV", "apply for the job", "plan the menu", "buy bananas", "get toilet roll",
    "buy washing up liquid", "stock up on coffee", "order the projector", "book a meeting room",
    "check the stock", "reply to Sarah's email", "call the landlord", "fix the shower",
    "organise the files", "clean the fridge", "sort out the loft", "vacuum the stairs",
)
# Short ways a title is said when it is referred to later: its last word or two.
REMINDER_TEXTS = (
    "call the doctor", "take my tablets", "move the car", "check the oven", "ring the garage",
    "put the bins out", "take the washing out", "leave for the station", "call back the bank",
    "pay the window cleaner", "pick up the prescription", "water the tomatoes", "feed the fish",
    "send the report", "join the call", "book the taxi", "switch the heating on",
    "charge my phone", "thaw the chicken", "collect the parcel", "text the babysitter",
    "turn the sprinkler off", "start dinner", "check the post", "stretch", "drink some water",
)
TIMER_LABELS = (
    "pasta", "eggs", "rice", "oven", "bread", "laundry", "tea", "pizza", "cake", "roast",
    "parking", "nap", "homework", "workout", "meditation", "potatoes", "soup", "cookies",
)
MEETING_TITLES = (
    "budget", "planning", "project review", "standup", "catch-up", "design review", "one to one",
    "kick-off", "sprint planning", "marketing", "retrospective", "sales", "hiring",
    "wedding planning",
)
LOCATIONS = (
    "boardroom", "kitchen", "cafe", "office", "library", "meeting room two", "garden", "pub",
)
MESSAGES = (
    "dinner is at seven", "the plumber is coming at ten", "I'll be late tonight",
    "the car is in the garage", "please call me back", "the keys are under the mat",
    "don't forget your PE kit", "the meeting moved to Thursday", "there's soup in the fridge",
    "the parcel arrived", "I took the dog out", "we're out of milk", "the report is done",
    "pick up bread on the way home", "the wifi password changed", "happy birthday",
)
# Date phrases (checked against services/nlu/timeparse.py when the corpus is made).
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_FORMS = (
    "{day}", "on {day}", "next {day}", "this {day}", "{day} morning", "{day} afternoon",
    "{day} evening", "by {day}", "{day} night",
)
RELATIVE_DAYS = (
    "today", "tomorrow", "tonight", "this afternoon", "this evening", "tomorrow morning",
    "tomorrow afternoon", "tomorrow evening", "tomorrow night", "the day after tomorrow",
    "next week", "at the weekend", "this weekend", "end of the week", "end of the month",
    "in two days", "in 3 days", "in a week", "in two weeks", "next month", "by tomorrow",
    "end of day", "by end of day", "by the end of the week", "a week on Friday",
)
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
ORDINALS = {
    1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", 7: "7th", 10: "10th", 12: "12th",
    14: "14th", 15: "15th", 20: "20th", 21: "21st", 23: "23rd", 28: "28th", 30: "30th",
}
ORDINAL_WORDS = {
    1: "first", 2: "second", 3: "third", 5: "fifth", 10: "tenth", 12: "twelfth",
    15: "fifteenth", 20: "twentieth", 21: "twenty first",
}
TIMES = (
    "9", "9am", "10", "10:30", "11am", "noon", "midday", "1pm", "2", "2:30", "3pm", "4",
    "half past four", "quarter to nine", "quarter past ten", "5pm", "five", "6", "six thirty",
    "7pm", "8", "eight o'clock", "16:30", "09:15", "half nine", "ten thirty", "3:45",
    "twenty past two", "five pm", "seven in the evening", "nine in the morning",
)
IN_TIMES = (
    "in 10 minutes", "in twenty minutes", "in half an hour", "in an hour", "in two hours",
    "in 45 minutes", "in five minutes", "in an hour and a half", "in 90 minutes",
    "in a couple of hours", "in 3 hours",
)
DURATIONS = (
    "5 minutes", "ten minutes", "10 minutes", "fifteen minutes", "20 minutes", "half an hour",
    "an hour", "45 minutes", "two hours", "an hour and a half", "90 seconds", "3 minutes",
    "twelve minutes", "25 minutes", "one minute", "30 seconds", "7 minutes", "a minute",
    "forty minutes", "2 and a half hours", "1 hour", "8 minutes", "four minutes",
)
BEFORE = ("an hour", "a day", "two days", "30 minutes", "a week", "two hours", "15 minutes")

OPENERS = (
    "um", "uh", "okay", "ok so", "right", "so", "hey", "hi", "hey parley", "parley", "erm",
    "alright", "oh", "please", "yeah", "hmm", "quick one", "right then", "okay um",
)
CLOSERS = ("please", "thanks", "thank you", "cheers", "if you can", "ta", "for me", "would you")
JOINERS = (
    " and ", ", and ", ", then ", " and then ", ". ", ", also ", " and also ", ". Oh and ",
    ", oh and ", ". Also ", ", plus ", " then ", ". And ", ", and then ", " also ",
)
CORRECTIONS = (", no, ", ", sorry, ", ", I mean ", ", no wait, ", " no sorry ", ", actually ")

# Things Parley cannot do, and statements that are not requests: the answer is "none".
UNSUPPORTED = (
    "what's the weather like", "will it rain tomorrow", "play some music", "play the radio",
    "turn on the lights", "turn the heating up", "tell me a joke", "who won the match",
    "how tall is Everest", "what's the capital of Peru", "order me a taxi", "what's on TV tonight",
    "set the thermostat to 20", "lock the front door", "how do you spell necessary",
    "what's 12 times 7", "good morning", "thank you", "I love you", "are you listening",
    "never mind", "hmm", "what can you do", "shut up",
    "I'm thinking about maybe repainting the kitchen one day", "the dog's asleep",
    "it's so cold today", "I had a long day", "blah blah", "testing testing one two",
    "what's the news", "how much is a pint of milk", "send an email to the whole company",
    "book me a flight to Rome", "what's my bank balance", "open the garage door", "who are you",
    "sing me a song", "translate hello into French", "is it going to snow", "how far is the moon",
    "remind me", "add", "set a timer", "the the uh", "we might get a dog next year",
    "my sister is visiting at some point", "I wonder if the shop is open",
    "what did I have for lunch",
)
# fmt: on

# tags said for a new task ("tagged home and admin")
TAGS = ("home", "admin", "work", "errands", "money", "car", "health", "school", "family")
